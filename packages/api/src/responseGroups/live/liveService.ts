import {
  NotFound,
  startOfLocalDay,
  type AgentLive,
  type GroupLiveState,
  type QueueLiveState,
  type ResponseGroup,
  type ResponseGroupLive,
} from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import type { Clock } from '../../deps.ts';
import { figuresToday } from './figuresToday.ts';

/** What the live view shows without a switch in the process (an api-only node): nothing happening. */
const quiet: GroupLiveState = { queue: [], callbacks: [], agents: [] };

const secondsBetween = (from: string, to: Date) => Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / 1000));

/**
 * R19: a response group as its supervisors see it now — the switch's live part through the
 * domain port (never the switch itself), the agents' names and log-in state from the store, and
 * today's figures from the call log in the organisation's time zone.
 */
export class ResponseGroupLiveService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly queueLive: QueueLiveState | undefined,
  ) {}

  async snapshot(organisationId: string, groupId: string): Promise<ResponseGroupLive> {
    const [group, organisation] = await Promise.all([
      this.store.responseGroups.get(organisationId, groupId),
      this.store.organisations.get(organisationId),
    ]);
    if (!group || !organisation) throw new NotFound('Response group', groupId);
    const at = this.clock.now();
    const live = this.queueLive?.group(organisationId, groupId) ?? quiet;
    const [agents, calls] = await Promise.all([
      this.agents(organisationId, group, live),
      this.store.calls.listForGroup(organisationId, groupId, startOfLocalDay(at, organisation.timeZone).toISOString()),
    ]);
    return {
      responseGroupId: group.id,
      at: at.toISOString(),
      queue: live.queue.map((caller) => ({ ...caller, waitSeconds: secondsBetween(caller.queuedAt, at) })),
      callbacks: live.callbacks.map((callback) => ({
        ...callback,
        waitSeconds: secondsBetween(callback.queuedAt, at),
      })),
      agents,
      today: figuresToday(calls, {
        openingHours: group.settings.schedule.openingHours,
        serviceLevelSeconds: group.settings.queue.serviceLevelSeconds,
        timeZone: organisation.timeZone,
      }),
    };
  }

  /**
   * Calls `listener` after every change the switch reports for the group; returns the unsubscribe
   * function. Without a switch nothing changes live (log-ins through the API are the caller's to
   * announce: see the routes).
   */
  subscribe(organisationId: string, groupId: string, listener: () => void): () => void {
    return this.queueLive?.subscribe(organisationId, groupId, listener) ?? (() => {});
  }

  /**
   * Every agent of the group in the group's order: logged out as the group says; else as the
   * switch knows them; else available (the switch lists only agents doing something).
   */
  private async agents(organisationId: string, group: ResponseGroup, live: GroupLiveState): Promise<AgentLive[]> {
    const names = new Map((await this.store.users.list(organisationId)).map((user) => [user.id, user.name]));
    const states = new Map(live.agents.map((agent) => [agent.userId, agent]));
    return group.agents.map((agent) => {
      const name = names.get(agent.userId) ?? '';
      if (!agent.loggedIn) return { userId: agent.userId, name, state: 'loggedOut', since: null };
      const known = states.get(agent.userId);
      return known
        ? { userId: agent.userId, name, state: known.state, since: known.since }
        : { userId: agent.userId, name, state: 'available', since: null };
    });
  }
}
