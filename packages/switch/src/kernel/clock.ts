/**
 * Time and timers behind one small interface (switch.md, "Timers and settings"): ring time,
 * no-input, inter-digit and recording limits, retention all run on it, so timed rules run under
 * `FakeClock` (@vaxel/testing, same shape) in unit tests.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Resolves after `ms` on `clock`, or at once when `signal` aborts (resolving `false`). */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clock.clearTimeout(timer);
      resolve(false);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface SystemTimer extends TimerHandle {
  readonly timeout: ReturnType<typeof setTimeout>;
}

let nextTimerId = 1;

/** The real clock: `Date.now` and Node's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const handle: SystemTimer = { id: nextTimerId++, timeout: setTimeout(callback, delayMs) };
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout((handle as SystemTimer).timeout);
  },
};

/**
 * A full clock from what a caller passed: a kernel Clock as it is, or an object with only
 * `now()` (a fixed or shifted time, as older tests pass) completed with real timers.
 */
export function clockFrom(clock: Clock | { now(): number } | undefined): Clock {
  if (clock === undefined) return systemClock;
  if ('setTimeout' in clock && 'clearTimeout' in clock) return clock;
  return { now: () => clock.now(), setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout };
}
