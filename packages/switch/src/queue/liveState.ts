import type { GroupLiveState, QueueLiveState } from '@vaxel/domain';
import type { Clock } from '../kernel/clock.ts';
import type { AgentStates } from './agentStates.ts';
import type { GroupQueue } from './groupQueue.ts';

export interface QueueLiveSources {
  /** The group's queue, null while nobody waits. */
  queue(organisationId: string, responseGroupId: string): GroupQueue | null;
  agents: AgentStates;
  clock: Pick<Clock, 'now'>;
  /** The group's agents as the settings say (read when a group is first watched). */
  members(organisationId: string, responseGroupId: string): Promise<string[]>;
}

const keyOf = (organisationId: string, responseGroupId: string) => `${organisationId} ${responseGroupId}`;

/**
 * The live state of every group (R19) in this switch's memory, behind the domain's port: the
 * queue in order (callers and callbacks share positions) and the group's agents who are not
 * available, with since when. A group's listeners hear of every change: an entry joins, leaves
 * or starts ringing, or one of its agents changes state. Which users a group has is what the
 * switch last read of its settings (read when a group is first watched).
 */
export class QueueLive implements QueueLiveState {
  readonly #sources: QueueLiveSources;
  readonly #listeners = new Map<string, Set<() => void>>();
  readonly #members = new Map<
    string,
    { organisationId: string; responseGroupId: string; userIds: ReadonlySet<string> }
  >();

  constructor(sources: QueueLiveSources) {
    this.#sources = sources;
  }

  group(organisationId: string, responseGroupId: string): GroupLiveState {
    const key = keyOf(organisationId, responseGroupId);
    if (!this.#members.has(key)) this.#learnMembers(organisationId, responseGroupId);
    const iso = (ms: number) => new Date(ms).toISOString();
    const queue: Array<GroupLiveState['queue'][number]> = [];
    const callbacks: Array<GroupLiveState['callbacks'][number]> = [];
    (this.#sources.queue(organisationId, responseGroupId)?.slots() ?? []).forEach((slot, index) => {
      const described = slot.entry.describe();
      const common = { callId: slot.entry.callId, position: index + 1, queuedAt: iso(slot.queuedAt) };
      if (described.kind === 'caller')
        queue.push({
          ...common,
          fromNumber: described.fromNumber,
          fromName: described.fromName,
          ringing: slot.offering,
        });
      else
        callbacks.push({ ...common, number: described.number, attempts: described.attempts, state: described.state });
    });
    const agents: Array<GroupLiveState['agents'][number]> = [];
    for (const userId of this.#members.get(key)?.userIds ?? []) {
      const { state, since } = this.#sources.agents.state(userId);
      if (state !== 'available') agents.push({ userId, state, since: iso(since ?? this.#sources.clock.now()) });
    }
    return { queue, callbacks, agents };
  }

  subscribe(organisationId: string, responseGroupId: string, listener: () => void): () => void {
    const key = keyOf(organisationId, responseGroupId);
    let listeners = this.#listeners.get(key);
    if (!listeners) this.#listeners.set(key, (listeners = new Set()));
    listeners.add(listener);
    if (!this.#members.has(key)) this.#learnMembers(organisationId, responseGroupId);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#listeners.get(key) === listeners) this.#listeners.delete(key);
    };
  }

  /** The queue of a group changed. */
  changed(organisationId: string, responseGroupId: string): void {
    for (const listener of [...(this.#listeners.get(keyOf(organisationId, responseGroupId)) ?? [])]) listener();
  }

  /** A user's state changed: every group they are an agent of has changed. */
  agentChanged(userId: string): void {
    for (const { organisationId, responseGroupId, userIds } of this.#members.values()) {
      if (userIds.has(userId)) this.changed(organisationId, responseGroupId);
    }
  }

  /** What the switch read of a group's agents. */
  membersOf(organisationId: string, responseGroupId: string, userIds: readonly string[]): void {
    const key = keyOf(organisationId, responseGroupId);
    const before = this.#members.get(key)?.userIds;
    const next = new Set(userIds);
    this.#members.set(key, { organisationId, responseGroupId, userIds: next });
    if (!before || before.size !== next.size || [...next].some((u) => !before.has(u)))
      this.changed(organisationId, responseGroupId);
  }

  /** An organisation's settings changed: the agents of its watched groups are read again. */
  settingsChanged(organisationId: string): void {
    for (const { organisationId: org, responseGroupId } of [...this.#members.values()]) {
      if (org !== organisationId) continue;
      this.#learnMembers(org, responseGroupId);
      // A login or logout through the API changes what the live view shows at once.
      this.changed(org, responseGroupId);
    }
  }

  #learnMembers(organisationId: string, responseGroupId: string): void {
    void this.#sources.members(organisationId, responseGroupId).then(
      (userIds) => this.membersOf(organisationId, responseGroupId, userIds),
      () => {},
    );
  }
}
