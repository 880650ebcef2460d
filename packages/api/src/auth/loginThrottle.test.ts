import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './loginThrottle.ts';

function clockAt(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('the per-account login throttle', () => {
  it('lets an account try until it has failed the maximum within the window', () => {
    const clock = clockAt(0);
    const throttle = new LoginThrottle(clock, 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs('a@x')).toBe(0);
      throttle.recordFailure('a@x');
      clock.advance(1000);
    }
    expect(throttle.retryAfterMs('a@x')).toBe(57_000);
    expect(throttle.retryAfterMs('b@x')).toBe(0);
  });

  it('opens again when the oldest failure leaves the window', () => {
    const clock = clockAt(0);
    const throttle = new LoginThrottle(clock, 2, 60_000);
    throttle.recordFailure('a@x');
    clock.advance(30_000);
    throttle.recordFailure('a@x');
    clock.advance(30_001);
    expect(throttle.retryAfterMs('a@x')).toBe(0);
  });

  it('forgets the failures of an account that logs in', () => {
    const throttle = new LoginThrottle(clockAt(0), 1, 60_000);
    throttle.recordFailure('a@x');
    throttle.recordSuccess('a@x');
    expect(throttle.retryAfterMs('a@x')).toBe(0);
  });
});
