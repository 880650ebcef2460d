/**
 * Time and timers behind a small interface, so pacing (player), inactivity timeouts (endpoint)
 * and timestamp continuity (stream rewriter) can be tested without waiting in real time
 * (`FakeClock` in @vaxel/testing has this shape).
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds on a monotonic scale (only differences are meaningful). */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

const timers = new Map<number, ReturnType<typeof setTimeout>>();
let nextTimerId = 1;

/** The real clock: `performance.now()` and Node timers (unref'd so they never hold the process). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout(callback, delayMs) {
    const id = nextTimerId++;
    const timer = setTimeout(() => {
      timers.delete(id);
      callback();
    }, delayMs);
    timer.unref();
    timers.set(id, timer);
    return { id };
  },
  clearTimeout(handle) {
    clearTimeout(timers.get(handle.id));
    timers.delete(handle.id);
  },
};
