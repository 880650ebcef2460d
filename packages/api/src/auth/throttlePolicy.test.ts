import { describe, expect, it } from 'vitest';
import { defaultThrottlePolicy, growingDelayMs, throttleWaitMs, type FailureCount } from './throttlePolicy.ts';

const none: FailureCount = { count: 0, lastAt: null };
const at = (iso: string) => new Date(iso);
const failures = (count: number, lastAt = '2026-03-01T10:00:00.000Z'): FailureCount => ({ count, lastAt });

describe('growing login delays', () => {
  it('start after the allowed failures at 1 s and double up to 15 minutes', () => {
    const delays = [4, 5, 6, 7, 8, 20, 200].map((n) => growingDelayMs(n, 5, defaultThrottlePolicy));
    expect(delays).toEqual([0, 1000, 2000, 4000, 8000, 15 * 60_000, 15 * 60_000]);
  });

  it('make an account with 5 recent failures wait 1 s after the last one, and nothing after that second', () => {
    const state = { address: none, account: failures(5), pair: none, knownAddress: false };
    expect(throttleWaitMs(state, at('2026-03-01T10:00:00.400Z'))).toBe(600);
    expect(throttleWaitMs(state, at('2026-03-01T10:00:01.000Z'))).toBe(0);
  });

  it('spare the owner at an address they logged in from, but not a guesser at that address', () => {
    const crowd = { address: none, account: failures(30), pair: none, knownAddress: true };
    expect(throttleWaitMs(crowd, at('2026-03-01T10:00:00.001Z'))).toBe(0);
    const sameAddress = { ...crowd, pair: failures(6) };
    expect(throttleWaitMs(sameAddress, at('2026-03-01T10:00:00.000Z'))).toBe(2000);
  });

  it('slow one address spraying many accounts after 10 failures', () => {
    const spray = (count: number) => ({
      address: failures(count),
      account: failures(1),
      pair: failures(1),
      knownAddress: false,
    });
    expect(throttleWaitMs(spray(9), at('2026-03-01T10:00:00.000Z'))).toBe(0);
    expect(throttleWaitMs(spray(10), at('2026-03-01T10:00:00.000Z'))).toBe(1000);
    expect(throttleWaitMs(spray(13), at('2026-03-01T10:00:00.000Z'))).toBe(8000);
  });

  it('waits for the longest of the rules', () => {
    const state = { address: failures(11), account: failures(9), pair: failures(5), knownAddress: false };
    expect(throttleWaitMs(state, at('2026-03-01T10:00:00.000Z'))).toBe(16_000);
  });
});
