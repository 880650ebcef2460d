import { describe, expect, it } from 'vitest';
import { AuthGuard } from './authGuard.ts';

function guard(now: { t: number }) {
  return new AuthGuard({ maxFailures: 3, windowMs: 10_000, blockMs: 60_000, now: () => now.t });
}

describe('AuthGuard', () => {
  it('blocks an address after too many wrong answers within the window', () => {
    const now = { t: 0 };
    const g = guard(now);
    g.recordFailure('10.0.0.1');
    g.recordFailure('10.0.0.1');
    expect(g.isBlocked('10.0.0.1')).toBe(false);
    g.recordFailure('10.0.0.1');
    expect(g.isBlocked('10.0.0.1')).toBe(true);
    expect(g.retryAfterSeconds('10.0.0.1')).toBe(60);
    expect(g.isBlocked('10.0.0.2')).toBe(false);
  });
  it('lifts the block when it expires', () => {
    const now = { t: 0 };
    const g = guard(now);
    for (let i = 0; i < 3; i++) g.recordFailure('10.0.0.1');
    now.t = 60_001;
    expect(g.isBlocked('10.0.0.1')).toBe(false);
    expect(g.size).toBe(0);
  });
  it('forgets failures older than the window', () => {
    const now = { t: 0 };
    const g = guard(now);
    g.recordFailure('10.0.0.1');
    g.recordFailure('10.0.0.1');
    now.t = 10_001;
    g.recordFailure('10.0.0.1');
    expect(g.isBlocked('10.0.0.1')).toBe(false);
  });
  it('forgives earlier failures after a success', () => {
    const now = { t: 0 };
    const g = guard(now);
    g.recordFailure('10.0.0.1');
    g.recordFailure('10.0.0.1');
    g.recordSuccess('10.0.0.1');
    g.recordFailure('10.0.0.1');
    expect(g.isBlocked('10.0.0.1')).toBe(false);
  });
});
