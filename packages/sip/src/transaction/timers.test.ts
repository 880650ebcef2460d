import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMERS, timerValues } from './timers.ts';

describe('timer values (RFC 3261 Table 4)', () => {
  it('keeps Timer D at 32 s or more by default, even with a short T1', () => {
    expect(timerValues(DEFAULT_TIMERS).D).toBe(32_000);
    expect(timerValues({ T1: 50, T2: 400, T4: 200 }).D).toBe(32_000);
  });

  it('derives B, F and H from T1', () => {
    const values = timerValues({ T1: 50, T2: 400, T4: 200 });
    expect([values.B, values.F, values.H]).toEqual([3200, 3200, 3200]);
  });

  it('takes an explicit Timer D, for loopback tests', () => {
    expect(timerValues({ ...DEFAULT_TIMERS, timerD: 1000 }).D).toBe(1000);
  });
});
