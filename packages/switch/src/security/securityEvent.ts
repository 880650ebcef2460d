/**
 * Security events of the SIP edge (issue 10): one log line each, in a stable form that fail2ban
 * (or any log watcher) can match. The form is a contract, documented in the README with a filter:
 *
 *   vaxel-sip-security event=<type> source=<address> key=value …
 *
 * Values never hold a space (usernames and numbers are percent-encoded where they could), the
 * event and source always come first, and nothing secret (passwords, digests, nonces) is written.
 */
export type SipSecurityEvent =
  /** A digest that answered a nonce this switch issued, still valid, was wrong (or named nobody). */
  | { type: 'auth_failure'; source: string; user: string; method: string }
  /** One user from one address failed too often: that pair is refused for a while; `level` grows on repeat. */
  | { type: 'auth_pair_blocked'; source: string; user: string; seconds: number; level: number }
  /** An address is banned (failures across users, or a flood); `level` grows on repeat. */
  | { type: 'ban'; source: string; reason: 'auth_failures' | 'flood'; seconds: number; level: number }
  /** A ban ended: it ran out, or the operator lifted it. */
  | { type: 'unban'; source: string; by: 'expiry' | 'operator' }
  /** A call the switch would place was refused by the organisation's outbound rules or limits. */
  | {
      type: 'toll_refused';
      source: string;
      organisationId: string;
      user: string | null;
      number: string;
      reason: string;
    }
  /** A spike of international calls: the organisation's international calls are blocked until an admin lifts it. */
  | { type: 'toll_block'; source: string; organisationId: string; reason: string }
  /** An admin lifted the organisation's international block. */
  | { type: 'toll_unblock'; source: string; organisationId: string; by: string }
  /**
   * A source sent more than its limit in the window (floodGuard.ts): a stranger is `banned` (a
   * `ban` event follows), a registered or trunk address only has its excess dropped (at most one
   * event per report interval).
   */
  | {
      type: 'flood';
      source: string;
      kind: 'stranger' | 'registered' | 'trunk';
      requests: number;
      seconds: number;
      action: 'banned' | 'excess_dropped';
    }
  /**
   * The total cap per second shed requests (floodGuard.ts): how many from strangers and from known
   * sources since the last such event, `seconds` ago; `source` is the last one shed. Rate-limited.
   */
  | { type: 'flood_shed'; source: string; strangers: number; known: number; seconds: number };

/** Where the switch writes its security events (the log in `vaxel start`; a list in tests). */
export interface SipSecurityLog {
  record(event: SipSecurityEvent): void;
}

export const silentSecurityLog: SipSecurityLog = { record() {} };

/** Safe in a `key=value` log line: no spaces, quotes, control characters or `=`. */
function value(text: string | number): string {
  const s = String(text);
  return /^[A-Za-z0-9._:+\-@*#/]*$/.test(s) && s.length > 0 ? s : encodeURIComponent(s) || '-';
}

/** The event as its one log line (see the module comment). */
export function formatSecurityEvent(event: SipSecurityEvent): string {
  const { type, source, ...rest } = event;
  const pairs = Object.entries(rest).map(([key, v]) => `${key}=${v === null ? '-' : value(v as string | number)}`);
  return [`vaxel-sip-security event=${type} source=${value(source)}`, ...pairs].join(' ');
}
