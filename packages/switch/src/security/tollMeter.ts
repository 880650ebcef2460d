import type { OutboundLimits } from '@vaxel/domain';

/**
 * Issue 10 "Toll fraud": what an organisation's calls through the trunks add up to, in memory, as
 * the limits of `OutboundLimits` read it. Pure (every method takes the time), so the rules are
 * unit-tested; `TollGuard` (tollGuard.ts) owns one and feeds it the legs it admits.
 *
 * - Concurrent calls: legs admitted and not yet ended (ringing or answered).
 * - Minutes per hour: a sliding hour; each answered leg counts its talk time within the last hour,
 *   a leg still in progress up to now (a long call cannot hide until it ends).
 * - International spike: the times of admitted international legs within the spike window.
 *
 * A switch restart forgets the counts (a fresh hour); the block a spike caused is in the store.
 */
export type TollLimitExceeded = 'concurrent_calls' | 'minutes_per_hour';

interface MeteredLeg {
  readonly organisationId: string;
  answeredAt: number | null;
  endedAt: number | null;
}

const HOUR_MS = 3_600_000;

export class TollMeter {
  readonly #legs = new Map<number, MeteredLeg>();
  /** Ended legs that talked within the last hour, per organisation (pruned as time moves on). */
  readonly #finished = new Map<string, MeteredLeg[]>();
  readonly #international = new Map<string, number[]>();
  #nextId = 1;

  /** Legs of the organisation in progress. */
  inProgress(organisationId: string): number {
    let n = 0;
    for (const leg of this.#legs.values()) if (leg.organisationId === organisationId) n += 1;
    return n;
  }

  /** Talk seconds of the organisation's legs within the hour before `now`, calls in progress included. */
  talkSecondsInLastHour(organisationId: string, now: number): number {
    const from = now - HOUR_MS;
    const finished = (this.#finished.get(organisationId) ?? []).filter((leg) => (leg.endedAt ?? now) > from);
    if (finished.length > 0) this.#finished.set(organisationId, finished);
    else this.#finished.delete(organisationId);
    let ms = 0;
    const count = (leg: MeteredLeg) => {
      if (leg.answeredAt === null) return;
      ms += Math.max(0, Math.min(leg.endedAt ?? now, now) - Math.max(leg.answeredAt, from));
    };
    finished.forEach(count);
    for (const leg of this.#legs.values()) if (leg.organisationId === organisationId) count(leg);
    return ms / 1000;
  }

  /** Which limit another leg of the organisation would break now, or null when it may go. */
  exceeded(organisationId: string, limits: OutboundLimits, now: number): TollLimitExceeded | null {
    if (this.inProgress(organisationId) >= limits.concurrentCalls) return 'concurrent_calls';
    if (this.talkSecondsInLastHour(organisationId, now) >= limits.minutesPerHour * 60) return 'minutes_per_hour';
    return null;
  }

  /**
   * Counts an admitted leg from `now`. For an international one, also whether it completes a
   * spike: `spike.calls` international legs (this one included) within `spike.seconds`.
   */
  start(
    organisationId: string,
    international: boolean,
    spike: OutboundLimits['internationalSpike'],
    now: number,
  ): { legId: number; spike: boolean } {
    const legId = this.#nextId++;
    this.#legs.set(legId, { organisationId, answeredAt: null, endedAt: null });
    if (!international) return { legId, spike: false };
    const from = now - spike.seconds * 1000;
    const times = (this.#international.get(organisationId) ?? []).filter((t) => t > from);
    times.push(now);
    this.#international.set(organisationId, times);
    return { legId, spike: times.length >= spike.calls };
  }

  /** The leg was answered: its talk time runs from `now`. Once; later calls change nothing. */
  answered(legId: number, now: number): void {
    const leg = this.#legs.get(legId);
    if (leg && leg.answeredAt === null) leg.answeredAt = now;
  }

  /** The leg ended: no longer in progress; its talk time stays counted for the hour. Idempotent. */
  ended(legId: number, now: number): void {
    const leg = this.#legs.get(legId);
    if (!leg) return;
    this.#legs.delete(legId);
    if (leg.answeredAt === null) return;
    leg.endedAt = now;
    const finished = this.#finished.get(leg.organisationId) ?? [];
    finished.push(leg);
    this.#finished.set(leg.organisationId, finished);
  }

  /** An admin lifted the block: the spike that caused it must not cause another at the next call. */
  forgetInternational(organisationId: string): void {
    this.#international.delete(organisationId);
  }
}
