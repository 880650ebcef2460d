/**
 * Security events of accounts and sessions: what the audit log records beside setting changes.
 * The auth code reports them through this small port; the audit log implements it (writing one
 * entry per organisation the account belongs to, or a platform entry when it belongs to none).
 * Never put a password, token or hash in `detail`.
 */
export type SecurityEventType =
  | 'login_succeeded'
  | 'login_failed'
  | 'login_throttled'
  | 'password_changed'
  | 'password_reset_requested'
  | 'password_reset'
  | 'sessions_revoked'
  | 'invitation_created'
  | 'invitation_accepted';

export type SecurityEvent = {
  type: SecurityEventType;
  /** The account concerned, when one is known (a failed login for an unknown email has none). */
  accountId: string | null;
  /** The email typed or the account's email. */
  email: string;
  /** Source address of the request. */
  address: string;
  /** Who caused it when that is not the account itself (an admin inviting, the operator). */
  actorAccountId?: string | null;
  /** Organisations to file it under; by default every organisation the account belongs to. */
  organisationIds?: string[];
  detail?: Record<string, string | number | boolean>;
};

export interface SecurityEventSink {
  record(event: SecurityEvent): Promise<void>;
}
