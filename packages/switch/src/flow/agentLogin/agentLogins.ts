import type { NewAuditEntry, ResponseGroup } from '@vaxel/domain';
import type { Repositories } from '@vaxel/store';
import type { Clock } from '../../kernel/clock.ts';
import type { SwitchLogger } from '../../kernel/logger.ts';

/** One agent's login to one group, changed from their phone. */
export interface AgentLoginChange {
  organisationId: string;
  /** The group as it was read before the change. */
  group: ResponseGroup;
  userId: string;
  loggedIn: boolean;
  /** The code as dialled, and the phone's address (the audit log's source address). */
  code: string;
  sourceAddress: string;
}

/** What the agent-login flow needs beyond the call: the groups, the change, and telling the switch. */
export interface AgentLogins {
  /** The organisation's groups as they are now (read from the store, not the settings cache). */
  groups(organisationId: string): Promise<ResponseGroup[]>;
  /** Sets the login; a change that changes something is written to the audit log as the user's. */
  set(change: AgentLoginChange): Promise<void>;
  /** The organisation's settings changed: the switch's caches and queues see the login at once. */
  changed(organisationId: string): void;
}

export type AgentLoginStore = Pick<Repositories, 'responseGroups' | 'users' | 'auditLog'>;

/**
 * Agent logins through the store, audited like the API's `PUT …/agents/:userId/login` (the audit
 * trail records that route as an `update` of the `responseGroup` with the `agents` list before and
 * after): the same entry, with the user as the actor and the phone's address as the source, and
 * `detail.featureCode` saying it came from the phone. A login already as asked writes no entry,
 * as the API writes none for a change that changes nothing.
 */
export interface StoreAgentLoginsOptions {
  store: AgentLoginStore;
  clock: Pick<Clock, 'now'>;
  logger: SwitchLogger;
  /** The switch's own settings-change hook (`Switch.settingsChanged`). */
  settingsChanged: (organisationId: string) => void;
}

export class StoreAgentLogins implements AgentLogins {
  readonly #options: StoreAgentLoginsOptions;

  constructor(options: StoreAgentLoginsOptions) {
    this.#options = options;
  }

  groups(organisationId: string): Promise<ResponseGroup[]> {
    return this.#options.store.responseGroups.list(organisationId);
  }

  async set(change: AgentLoginChange): Promise<void> {
    const { store } = this.#options;
    const { organisationId, group, userId, loggedIn } = change;
    const before = group.agents.find((a) => a.userId === userId);
    if (!before || before.loggedIn === loggedIn) return;
    await store.responseGroups.setAgentLoggedIn(organisationId, group.id, userId, loggedIn);
    try {
      await this.#audit(change);
    } catch (error) {
      // As in the API, the audit log never undoes or blocks a change; the failure is said.
      this.#options.logger.error('audit log: an agent login by phone could not be recorded', {
        responseGroupId: group.id,
        error: String(error),
      });
    }
  }

  changed(organisationId: string): void {
    this.#options.settingsChanged(organisationId);
  }

  async #audit(change: AgentLoginChange): Promise<void> {
    const { store, clock } = this.#options;
    const { organisationId, group, userId, loggedIn } = change;
    const after =
      (await store.responseGroups.get(organisationId, group.id))?.agents ??
      group.agents.map((a) => (a.userId === userId ? { ...a, loggedIn } : a));
    const user = await store.users.getRecord(organisationId, userId);
    const entry: NewAuditEntry = {
      organisationId,
      at: new Date(clock.now()).toISOString(),
      actor: {
        kind: 'account',
        accountId: user?.accountId ?? null,
        name: user?.name ?? '',
        email: user?.email ?? null,
      },
      sourceAddress: change.sourceAddress,
      action: 'update',
      objectType: 'responseGroup',
      objectId: group.id,
      objectName: group.name,
      changes: [{ field: 'agents', before: group.agents, after }],
      detail: { featureCode: change.code },
    };
    await store.auditLog.append(entry);
  }
}
