/**
 * A clock behind a small interface, so protocol timers (RFC 3261 §17 Timers A..M, registration
 * expiry, queue timeouts), media pacing and inactivity timeouts can be driven by tests without
 * waiting. The real clocks live with the code that runs on them (`SystemClock` in @vaxel/sip,
 * `systemClock` in @vaxel/media); `FakeClock` only moves when a test calls `advance()`.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the epoch (like `Date.now()`). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

interface ScheduledTimer {
  readonly id: number;
  readonly dueAt: number;
  readonly callback: () => void;
}

/**
 * A clock that stands still until `advance(ms)` is called. Timers fire in due order (ties in the
 * order they were set), each seeing `now()` equal to its due time; timers set by a firing callback
 * fire within the same `advance` if they fall due before its end.
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, ScheduledTimer>();

  constructor(startAt = 0) {
    this.#now = startAt;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { id, dueAt: this.#now + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle !== undefined) this.#timers.delete(handle.id);
  }

  /** Number of timers set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError(`cannot move a clock backwards (${ms} ms)`);
    const end = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(end);
      if (next === undefined) break;
      this.#timers.delete(next.id);
      this.#now = next.dueAt;
      next.callback();
    }
    this.#now = end;
  }

  /** Fires every pending timer, however far away, up to `maxTimers` (guards against loops). */
  runAll(maxTimers = 10_000): void {
    for (let fired = 0; fired < maxTimers; fired++) {
      const next = this.#nextDue(Number.POSITIVE_INFINITY);
      if (next === undefined) return;
      this.#timers.delete(next.id);
      this.#now = Math.max(this.#now, next.dueAt);
      next.callback();
    }
    throw new Error(`more than ${maxTimers} timers fired; a timer keeps rescheduling itself`);
  }

  #nextDue(limit: number): ScheduledTimer | undefined {
    let best: ScheduledTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.dueAt > limit) continue;
      if (best === undefined || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.id < best.id)) {
        best = timer;
      }
    }
    return best;
  }
}
