/**
 * Time and timers behind a small interface, so pacing (player), inactivity timeouts (endpoint)
 * and timestamp continuity (stream rewriter) can be tested without waiting in real time.
 */
export interface TimerHandle {
  readonly id: unknown;
}

export interface Clock {
  /** Milliseconds on a monotonic scale (only differences are meaningful). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` and Node timers (unref'd so they never hold the process). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(callback, delayMs) {
    const id = setTimeout(callback, delayMs);
    id.unref();
    return { id };
  },
  clearTimeout(handle) {
    clearTimeout(handle.id as ReturnType<typeof setTimeout>);
  },
};

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in time order, including
 * timers scheduled by those callbacks, as long as they fall inside the advanced span.
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, delayMs), callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle.id as number);
  }

  /** Number of timers scheduled and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let dueId: number | undefined;
      let dueAt = Infinity;
      for (const [id, timer] of this.#timers) {
        if (timer.at <= target && timer.at < dueAt) {
          dueAt = timer.at;
          dueId = id;
        }
      }
      if (dueId === undefined) break;
      const timer = this.#timers.get(dueId)!;
      this.#timers.delete(dueId);
      this.#now = Math.max(this.#now, timer.at);
      timer.callback();
    }
    this.#now = target;
  }
}
