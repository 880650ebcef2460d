/**
 * Overload control at the SIP edge (issue 11, "Overload never collapses"). Pure rules: the clock,
 * the random source and the load samples are injected.
 *
 * Beyond what it can finish in time, a server that keeps accepting work collapses: every INVITE it
 * takes delays the others past their retransmission timers (RFC 3261 §17.1.1.2), the retransmissions
 * cost more work, and goodput falls to a fraction. So new calls are refused at once, statelessly,
 * with `503 Service Unavailable` and `Retry-After` (§21.5.4, §20.33), while calls in progress, their
 * in-dialog requests and registrations carry on — refusing a call costs a parse and one datagram,
 * taking it costs a transaction, a dialog, ports, a call-log record.
 *
 * Asked for each initial INVITE (no To tag) that is about to get a transaction (a trunk's, or one
 * with credentials) — and, for the load's lottery alone, for a phone's first INVITE before its
 * stateless 407 (`admitAttempt`: refused there, a call attempt costs half the messages):
 *
 * 1. Operator caps, exact: calls in progress at `maxCalls` → `concurrent_calls`; `maxCallsPerSecond`
 *    calls admitted in the last second (ten 100-ms buckets) → `call_rate`.
 * 2. Load, adaptive: every load sample (event-loop delay of the switch's thread, transactions in
 *    flight, how busy the thread was, how long SIP datagrams wait in the socket's queue) moves the
 *    share of new calls admitted, after RFC 7339's
 *    loss-based idea (§3.4: shed a fraction of the offered load, raised while overloaded, lowered
 *    as it clears) applied by the server itself: overloaded (the thread busy — event-loop
 *    utilisation over 80 % — and its delay over the limit, or transactions over theirs, or the
 *    datagrams' wait in the socket's queue over its limit) →
 *    admitted share × 0.8 from the second such sample in a row on, down to 5 %; clear (delay under half its limit or the thread under
 *    half busy, transactions under 80 % of theirs, the queue's wait under half its limit) → + 5 points, up to 100 %; in between it
 *    holds (hysteresis, so the share does not flap around one limit). Each INVITE is then
 *    admitted with that probability, so callers are refused evenly, not in bursts.
 *    A delay while the thread is mostly idle is the machine's (other processes, a stolen CPU, a
 *    GC pause), not work the switch took on: refusing calls would not shorten it, so it does not
 *    count.
 *
 * An overload episode starts with the first refusal and ends when a second passes with the share
 * back at 100 % and no refusal: one report each, never one per refused call.
 */
import type { OverloadReason } from '../kernel/switchObserver.ts';

export interface OverloadLimits {
  /** New calls admitted per second, over a sliding second (`VAXEL_MAX_CALLS_PER_SECOND`; default no cap). */
  maxCallsPerSecond: number;
  /** Calls in progress (`VAXEL_MAX_CALLS`; default no cap: the RTP port range bounds them). */
  maxCalls: number;
  /** Event-loop delay of the switch's thread above which it counts as overloaded (default 40 ms). */
  eventLoopDelayMs: number;
  /** SIP transactions in flight above which it counts as overloaded (default 20 000). */
  maxTransactions: number;
  /**
   * How long a SIP datagram may wait in the UDP socket's queue before the switch counts as
   * overloaded (default 50 ms): an INVITE's wait there is post-dial delay, and past T1 (500 ms)
   * its sender retransmits into the same queue.
   */
  sipQueueDelayMs: number;
  /** What `Retry-After` says (default 1 s: long enough to pass a burst, short enough not to turn a carrier away). */
  retryAfterSeconds: number;
}

export const DEFAULT_OVERLOAD_LIMITS: OverloadLimits = {
  maxCallsPerSecond: Number.POSITIVE_INFINITY,
  maxCalls: Number.POSITIVE_INFINITY,
  eventLoopDelayMs: 40,
  maxTransactions: 20_000,
  sipQueueDelayMs: 50,
  retryAfterSeconds: 1,
};

export type OverloadOptions = Partial<OverloadLimits>;

/** One load sample (every 100 ms in the switch, see kernel/loadSampler.ts). */
export interface LoadSample {
  /** How late the switch's thread ran its timers over the sample, in ms (a high percentile). */
  eventLoopDelayMs: number;
  /** Client and server transactions open now. */
  transactions: number;
  /** Share of the sample the thread was busy, 0–1 (`performance.eventLoopUtilization`). */
  utilization: number;
  /** How long a SIP datagram waits in the socket's queue before the switch reads it, ms (the UDP transport's probe). */
  sipQueueDelayMs: number;
}

export type OverloadDecision =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly reason: OverloadReason; readonly retryAfterSeconds: number };

export type OverloadReport =
  | { type: 'overload_started'; reason: OverloadReason; admittedShare: number; load: LoadSample }
  | { type: 'overload_ended'; refused: number; seconds: number };

export interface OverloadStats {
  /** New calls refused so far, by reason. */
  refusals: Record<OverloadReason, number>;
  /** The share of new calls admitted now (1 when the switch is not overloaded). */
  admittedShare: number;
  overloaded: boolean;
}

export interface OverloadGuardOptions {
  /** A monotonic clock in ms. */
  now: () => number;
  /** Uniform in [0, 1) (default Math.random); tests fix it. */
  random?: () => number;
  report: (event: OverloadReport) => void;
  limits?: OverloadOptions;
}

const BUCKET_MS = 100;
const BUCKETS = 10;
const DECREASE = 0.8;
const INCREASE = 0.05;
const MIN_ADMITTED_SHARE = 0.05;
/** Overloaded samples in a row before the share is lowered (200 ms at the sampler's 100 ms). */
const OVERLOADED_SAMPLES = 2;
/** Event-loop utilisation above which a delay is the switch's own work. */
const BUSY_UTILIZATION = 0.8;
/** Below it the thread is clear whatever its delay. */
const IDLE_UTILIZATION = 0.5;
/** An episode ends a second after its last refusal, with the share back at 100 %. */
const QUIET_MS = 1000;

export class OverloadGuard {
  readonly limits: OverloadLimits;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #report: (event: OverloadReport) => void;
  /** Calls admitted per 100-ms bucket, a ring over the last second; `#bucketAt` is the newest's start. */
  readonly #admitted = new Array<number>(BUCKETS).fill(0);
  #bucketAt = Number.NEGATIVE_INFINITY;
  #newest = 0;
  #inWindow = 0;
  #share = 1;
  /** Overloaded samples in a row. */
  #overSamples = 0;
  #lastLoad: LoadSample = { eventLoopDelayMs: 0, transactions: 0, utilization: 0, sipQueueDelayMs: 0 };
  #episode: { since: number; lastRefusalAt: number; refused: number } | null = null;
  readonly #refusals: Record<OverloadReason, number> = {
    call_rate: 0,
    concurrent_calls: 0,
    event_loop_delay: 0,
    sip_queue_delay: 0,
    transactions: 0,
  };

  constructor(options: OverloadGuardOptions) {
    this.#now = options.now;
    this.#random = options.random ?? Math.random;
    this.#report = options.report;
    this.limits = { ...DEFAULT_OVERLOAD_LIMITS, ...options.limits };
  }

  /** Whether a new call is taken, with `callsInProgress` calls up now. */
  admit(callsInProgress: number): OverloadDecision {
    const now = this.#now();
    this.#advance(now);
    if (callsInProgress >= this.limits.maxCalls) return this.#refuse(now, 'concurrent_calls');
    if (this.#inWindow >= this.limits.maxCallsPerSecond) return this.#refuse(now, 'call_rate');
    if (this.#share < 1 && this.#random() >= this.#share) return this.#refuse(now, this.#loadReason());
    this.#admitted[this.#newest]!++;
    this.#inWindow++;
    return ADMITTED;
  }

  /**
   * The load's lottery alone, for a call's first INVITE before its challenge (a phone's INVITE
   * without credentials): refused now, it costs the switch one 503 and one ACK instead of the 407,
   * its ACK, the INVITE again with credentials, the 503 and its ACK. The caps are not counted
   * here: a call counts when it is taken, at `admit`, where a challenged call meets the lottery a
   * second time (so a phone's calls are admitted with the share's square while shedding, and the
   * share settles where the load says either way).
   */
  admitAttempt(): OverloadDecision {
    if (this.#share < 1 && this.#random() >= this.#share) return this.#refuse(this.#now(), this.#loadReason());
    return ADMITTED;
  }

  /** A load sample moves the admitted share (see the file's comment) and may end an episode. */
  sample(load: LoadSample): void {
    this.#lastLoad = load;
    const { eventLoopDelayMs, maxTransactions, sipQueueDelayMs } = this.limits;
    const busy = load.utilization > BUSY_UTILIZATION;
    const over =
      (busy && load.eventLoopDelayMs > eventLoopDelayMs) ||
      load.transactions > maxTransactions ||
      load.sipQueueDelayMs > sipQueueDelayMs;
    const clear =
      (load.eventLoopDelayMs < eventLoopDelayMs / 2 || load.utilization < IDLE_UTILIZATION) &&
      load.transactions < maxTransactions * 0.8 &&
      load.sipQueueDelayMs < sipQueueDelayMs / 2;
    // One bad sample (a full garbage collection, a burst) is not overload: two in a row are.
    this.#overSamples = over ? this.#overSamples + 1 : 0;
    if (this.#overSamples >= OVERLOADED_SAMPLES) this.#share = Math.max(MIN_ADMITTED_SHARE, this.#share * DECREASE);
    else if (clear) this.#share = this.#share + INCREASE > 1 - 1e-9 ? 1 : this.#share + INCREASE;
    const episode = this.#episode;
    const now = this.#now();
    if (episode && this.#share === 1 && now - episode.lastRefusalAt >= QUIET_MS) {
      this.#episode = null;
      this.#report({ type: 'overload_ended', refused: episode.refused, seconds: (now - episode.since) / 1000 });
    }
  }

  stats(): OverloadStats {
    return { refusals: { ...this.#refusals }, admittedShare: this.#share, overloaded: this.#episode !== null };
  }

  #refuse(now: number, reason: OverloadReason): OverloadDecision {
    this.#refusals[reason]++;
    if (this.#episode) {
      this.#episode.refused++;
      this.#episode.lastRefusalAt = now;
    } else {
      this.#episode = { since: now, lastRefusalAt: now, refused: 1 };
      this.#report({ type: 'overload_started', reason, admittedShare: this.#share, load: this.#lastLoad });
    }
    return { admitted: false, reason, retryAfterSeconds: this.limits.retryAfterSeconds };
  }

  /** Which limit the last sample found exceeded (the share stays below 1 until all clear). */
  #loadReason(): OverloadReason {
    const load = this.#lastLoad;
    if (load.transactions > this.limits.maxTransactions) return 'transactions';
    if (load.sipQueueDelayMs > this.limits.sipQueueDelayMs) return 'sip_queue_delay';
    return 'event_loop_delay';
  }

  /** Moves the ring to the bucket holding `now`, forgetting buckets older than a second. */
  #advance(now: number): void {
    const start = Math.floor(now / BUCKET_MS) * BUCKET_MS;
    if (start === this.#bucketAt) return;
    const steps = Math.min(BUCKETS, (start - this.#bucketAt) / BUCKET_MS);
    for (let i = 0; i < steps; i++) {
      this.#newest = (this.#newest + 1) % BUCKETS;
      this.#inWindow -= this.#admitted[this.#newest]!;
      this.#admitted[this.#newest] = 0;
    }
    this.#bucketAt = start;
  }
}

const ADMITTED: OverloadDecision = { admitted: true };
