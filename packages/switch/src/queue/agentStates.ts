import { localTime, type AgentLiveStateName } from '@vaxel/domain';
import type { Presence } from '../call/presence.ts';
import type { Clock, TimerHandle } from '../kernel/clock.ts';

/** An agent's state as the queue sees it (R16, R19); `loggedOut` is the group's setting, not the switch's. */
export type AgentState = Exclude<AgentLiveStateName, 'loggedOut'>;

/**
 * Every user's state across the switch for the queue (R16, R19), on the switch's clock: on a call
 * and ringing come from {@link Presence} (any call, direct ones too); wrap-up is the queue's own —
 * after a queue call ends, the group's `wrapUpSeconds` in which the agent is offered nothing by
 * any group; and the calls each agent answered today per group, in the organisation's time zone
 * (fewest calls). The answered counts live in memory: they start at zero when the switch starts,
 * and the queue seeds them from the call log the first time each day it offers a group's call
 * (queue/queues.ts), so a restart mid-day does not make fewest calls start everybody at zero.
 */
export class AgentStates {
  readonly #presence: Presence;
  readonly #clock: Clock;
  readonly #wrapUp = new Map<string, { until: number; since: number; timer: TimerHandle }>();
  /** `${groupId}` → day (YYYY-MM-DD in the organisation's zone) and answered per user. */
  readonly #answered = new Map<string, { day: string; byUser: Map<string, number> }>();
  readonly #listeners = new Set<(userId: string) => void>();

  constructor(presence: Presence, clock: Clock) {
    this.#presence = presence;
    this.#clock = clock;
    presence.onChange((userId) => this.#changed(userId));
  }

  get presence(): Presence {
    return this.#presence;
  }

  /** What the user is doing now, with since when (null: not since start-up). */
  state(userId: string): { state: AgentState; since: number | null } {
    if (this.#presence.isRinging(userId)) return { state: 'ringing', since: this.#presence.since(userId) };
    if (this.#presence.isBusy(userId)) return { state: 'onCall', since: this.#presence.since(userId) };
    const wrapUp = this.#wrapUp.get(userId);
    if (wrapUp) return { state: 'wrapUp', since: wrapUp.since };
    return { state: 'available', since: this.#presence.since(userId) };
  }

  inWrapUp(userId: string): boolean {
    return this.#wrapUp.has(userId);
  }

  /** A queue call the user answered ended: `seconds` of wrap-up (0: none), skipped in every group. */
  wrapUp(userId: string, seconds: number): void {
    const current = this.#wrapUp.get(userId);
    if (current) this.#clock.clearTimeout(current.timer);
    if (seconds <= 0) {
      if (current) {
        this.#wrapUp.delete(userId);
        this.#changed(userId);
      }
      return;
    }
    const now = this.#clock.now();
    const timer = this.#clock.setTimeout(() => {
      this.#wrapUp.delete(userId);
      this.#changed(userId);
    }, seconds * 1000);
    this.#wrapUp.set(userId, { until: now + seconds * 1000, since: now, timer });
    this.#changed(userId);
  }

  /** Counts an answered queue call for the agent in the group (today, in `timeZone`). */
  answered(groupId: string, userId: string, timeZone: string): void {
    const today = this.#today(groupId, timeZone);
    today.set(userId, (today.get(userId) ?? 0) + 1);
  }

  answeredToday(groupId: string, userId: string, timeZone: string): number {
    return this.#today(groupId, timeZone).get(userId) ?? 0;
  }

  /**
   * Starts a group's counts for today from the call log. The log holds the calls this switch
   * counted too, so each agent keeps the larger of the two, never their sum.
   */
  seedAnswered(groupId: string, timeZone: string, counts: Readonly<Record<string, number>>): void {
    const today = this.#today(groupId, timeZone);
    for (const [userId, count] of Object.entries(counts)) today.set(userId, Math.max(today.get(userId) ?? 0, count));
  }

  /** Called with the user's id after every change of their state; returns the unsubscribe function. */
  onChange(listener: (userId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the wrap-up timers (the switch stops). */
  close(): void {
    for (const { timer } of this.#wrapUp.values()) this.#clock.clearTimeout(timer);
    this.#wrapUp.clear();
  }

  #today(groupId: string, timeZone: string): Map<string, number> {
    const day = localTime(new Date(this.#clock.now()), timeZone).date;
    let entry = this.#answered.get(groupId);
    if (!entry || entry.day !== day) this.#answered.set(groupId, (entry = { day, byUser: new Map() }));
    return entry.byUser;
  }

  #changed(userId: string): void {
    for (const listener of [...this.#listeners]) listener(userId);
  }
}
