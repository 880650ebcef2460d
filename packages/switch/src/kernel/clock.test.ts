import { describe, expect, it } from 'vitest';
import { clockFrom, sleep, systemClock } from './clock.ts';

describe('clockFrom', () => {
  it('keeps the fixed time of a now-only clock and adds real timers to it', async () => {
    const clock = clockFrom({ now: () => 42 });
    expect(clock.now()).toBe(42);
    expect(await sleep(clock, 1)).toBe(true);
  });
  it('uses the real clock when none is given', () => {
    expect(clockFrom(undefined)).toBe(systemClock);
  });
  it('lets a cleared timer never fire', async () => {
    let fired = false;
    const handle = systemClock.setTimeout(() => (fired = true), 1);
    systemClock.clearTimeout(handle);
    await sleep(systemClock, 5);
    expect(fired).toBe(false);
  });
});
