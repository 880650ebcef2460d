import type { FastifyBaseLogger } from 'fastify';
import type { AuditActor } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import type { Clock } from '../deps.ts';
import { redactSecrets } from './redact.ts';
import type { SecurityEvent, SecurityEventSink } from './securityEvents.ts';

/**
 * The audit log as the sink of security events: one entry per organisation the account belongs
 * to (or per `organisationIds` when the event names them), so each organisation's admins see
 * what happened to their people; a platform entry (organisation null) when it belongs to none,
 * such as a failed login for an email nobody has.
 *
 * The actor is the person concerned unless `actorAccountId` says otherwise: an account id for an
 * admin acting on someone else, null for the operator, who has no account.
 *
 * Recording never fails the login or password change it reports: a failed write is logged.
 */
export class AuditLogSecurityEvents implements SecurityEventSink {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {}

  async record(event: SecurityEvent): Promise<void> {
    try {
      const organisationIds =
        event.organisationIds ??
        (event.accountId
          ? [...new Set((await this.store.users.listByAccount(event.accountId)).map((u) => u.organisationId))]
          : []);
      const entry = {
        at: this.clock.now().toISOString(),
        actor: await this.actorOf(event),
        sourceAddress: event.address || null,
        action: event.type,
        objectType: 'account',
        objectId: event.accountId,
        objectName: event.email,
        changes: [],
        detail: event.detail ? redactSecrets(event.detail) : null,
      };
      for (const organisationId of organisationIds.length > 0 ? organisationIds : [null]) {
        await this.store.auditLog.append({ ...entry, organisationId });
      }
    } catch (error) {
      this.log.error({ err: error, event: event.type }, 'audit log: a security event could not be written');
    }
  }

  private async actorOf(event: SecurityEvent): Promise<AuditActor> {
    if (event.actorAccountId === null) return { kind: 'operator', accountId: null, name: 'Operator', email: null };
    const accountId = event.actorAccountId ?? event.accountId;
    const account = accountId ? await this.store.accounts.get(accountId) : null;
    if (!account) return { kind: 'account', accountId: null, name: event.email, email: event.email };
    return { kind: 'account', accountId: account.id, name: account.name || account.email, email: account.email };
  }
}
