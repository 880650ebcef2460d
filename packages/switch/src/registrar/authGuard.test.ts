import { describe, expect, it } from 'vitest';
import type { SourceKind } from '../security/knownSources.ts';
import type { SipSecurityEvent } from '../security/securityEvent.ts';
import { AuthGuard, type AuthGuardOptions } from './authGuard.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function setup(options: Partial<AuthGuardOptions> = {}, kinds: Record<string, SourceKind> = {}) {
  const clock = { t: 1_000_000 };
  const events: SipSecurityEvent[] = [];
  const guard = new AuthGuard({
    now: () => clock.t,
    sources: { kind: (address) => kinds[address] ?? 'stranger' },
    securityLog: { record: (event) => events.push(event) },
    ...options,
  });
  const fail = (address: string, user: string, times = 1) => {
    for (let i = 0; i < times; i++) guard.recordFailure(address, user, 'REGISTER');
  };
  return { guard, clock, events, fail, types: () => events.map((e) => e.type) };
}

describe('the authentication guard, per (user, address)', () => {
  it('refuses a user from an address after 5 failures in 10 minutes, for 10 minutes', () => {
    const { guard, clock, fail } = setup();
    fail('203.0.113.1', 'alice', 4);
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(0);
    fail('203.0.113.1', 'alice');
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(600);
    expect(guard.pairRefusedSeconds('203.0.113.1', 'bob')).toBe(0);
    expect(guard.pairRefusedSeconds('203.0.113.2', 'alice')).toBe(0);
    clock.t += 10 * MINUTE;
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const { guard, clock, fail } = setup();
    fail('203.0.113.1', 'alice', 4);
    clock.t += 10 * MINUTE;
    fail('203.0.113.1', 'alice');
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(0);
  });

  it('tells of each failure and of the refused pair, with nothing secret', () => {
    const { events, fail } = setup();
    fail('203.0.113.1', 'alice', 5);
    expect(events.filter((e) => e.type === 'auth_failure')).toHaveLength(5);
    expect(events.at(-1)).toEqual({
      type: 'auth_pair_blocked',
      source: '203.0.113.1',
      user: 'alice',
      seconds: 600,
      level: 1,
    });
  });

  it('lets a success clear its own pair only', () => {
    const { guard, fail } = setup();
    fail('203.0.113.1', 'alice', 4);
    fail('203.0.113.1', 'bob', 4);
    guard.recordSuccess('203.0.113.1', 'bob');
    fail('203.0.113.1', 'alice');
    fail('203.0.113.1', 'bob');
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBeGreaterThan(0);
    expect(guard.pairRefusedSeconds('203.0.113.1', 'bob')).toBe(0);
  });

  it('escalates repeat refusals 10 min → 1 h → 4 h → 24 h, also from a registered address, and starts again after a quiet day', () => {
    // The attacker's own registered phone: the address rules never ban it, so the pair's must hold.
    const { guard, clock, fail, events } = setup({}, { '203.0.113.1': 'registered' });
    const refusals = () =>
      events.filter((e) => e.type === 'auth_pair_blocked').map((e) => (e as { seconds: number }).seconds);
    for (const seconds of [600, 3600, 4 * 3600, 24 * 3600, 24 * 3600]) {
      fail('203.0.113.1', 'alice', 5);
      expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(seconds);
      clock.t += seconds * 1000;
      guard.sweep();
    }
    expect(refusals()).toEqual([600, 3600, 4 * 3600, 24 * 3600, 24 * 3600]);
    expect(guard.isBanned('203.0.113.1')).toBe(false);
    clock.t += 24 * HOUR;
    guard.sweep();
    fail('203.0.113.1', 'alice', 5);
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(600);
  });

  it('forgets the level once the user logs in from that address', () => {
    const { guard, clock, fail } = setup();
    fail('203.0.113.1', 'alice', 5);
    clock.t += 10 * MINUTE;
    guard.recordSuccess('203.0.113.1', 'alice');
    fail('203.0.113.1', 'alice', 5);
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(600);
  });

  it('does not lengthen a refusal with guesses made during it', () => {
    const { guard, clock, fail } = setup();
    fail('203.0.113.1', 'alice', 5);
    clock.t += 5 * MINUTE;
    fail('203.0.113.1', 'alice', 3);
    expect(guard.pairRefusedSeconds('203.0.113.1', 'alice')).toBe(300);
  });
});

describe('the authentication guard, per address', () => {
  it('bans a stranger after 20 failures across users in 10 minutes, for an hour', () => {
    const { guard, clock, fail, events } = setup({ sprayUsernames: 100 });
    fail('203.0.113.1', 'alice', 10);
    fail('203.0.113.1', 'bob', 9);
    expect(guard.isBanned('203.0.113.1')).toBe(false);
    fail('203.0.113.1', 'carol');
    expect(guard.isBanned('203.0.113.1')).toBe(true);
    expect(guard.isBanned('203.0.113.2')).toBe(false);
    expect(events.at(-1)).toEqual({
      type: 'ban',
      source: '203.0.113.1',
      reason: 'auth_failures',
      seconds: 3600,
      level: 1,
    });
    clock.t += HOUR - 1;
    expect(guard.isBanned('203.0.113.1')).toBe(true);
    clock.t += 1;
    expect(guard.isBanned('203.0.113.1')).toBe(false);
  });

  it("is not reset by another user's success (nine wrong guesses, one right login, repeated)", () => {
    const { guard, fail } = setup();
    for (let round = 0; round < 3 && !guard.isBanned('203.0.113.1'); round++) {
      fail('203.0.113.1', 'alice', 9);
      guard.recordSuccess('203.0.113.1', 'bob');
    }
    expect(guard.isBanned('203.0.113.1')).toBe(true);
  });

  it('escalates repeat bans 1 h → 4 h → 24 h, and starts again after a quiet day', () => {
    const { guard, clock, fail, events } = setup({ sprayUsernames: 100 });
    const banFor = () => {
      fail('203.0.113.1', `u${clock.t}`, 20);
      const ban = events.filter((e) => e.type === 'ban').at(-1);
      return ban?.type === 'ban' ? [ban.level, ban.seconds] : null;
    };
    expect(banFor()).toEqual([1, 3600]);
    clock.t += HOUR;
    expect(banFor()).toEqual([2, 4 * 3600]);
    clock.t += 4 * HOUR;
    expect(banFor()).toEqual([3, 24 * 3600]);
    clock.t += 24 * HOUR;
    expect(banFor()).toEqual([3, 24 * 3600]);
    clock.t += 24 * HOUR + 24 * HOUR;
    expect(banFor()).toEqual([1, 3600]);
  });

  it("never bans a trunk's address", () => {
    const { guard, fail } = setup({}, { '192.0.2.1': 'trunk' });
    for (let i = 0; i < 30; i++) fail('192.0.2.1', `user${i}`);
    expect(guard.isBanned('192.0.2.1')).toBe(false);
  });

  it("does not ban a registered device's address for other users' failures below the spray threshold", () => {
    const { guard, fail } = setup({}, { '198.51.100.7': 'registered' });
    for (let i = 0; i < 9; i++) fail('198.51.100.7', `colleague${i}`, 4);
    expect(guard.isBanned('198.51.100.7')).toBe(false);
  });

  it("bans a registered device's address once its failures name 10 usernames (spraying)", () => {
    const { guard, fail } = setup({}, { '198.51.100.7': 'registered' });
    for (let i = 0; i < 9; i++) fail('198.51.100.7', `user${i}`);
    expect(guard.isBanned('198.51.100.7')).toBe(false);
    fail('198.51.100.7', 'user9');
    expect(guard.isBanned('198.51.100.7')).toBe(true);
  });

  it('bans a stranger that sprays 10 usernames', () => {
    const { guard, fail } = setup();
    for (let i = 0; i < 10; i++) fail('203.0.113.1', `user${i}`);
    expect(guard.isBanned('203.0.113.1')).toBe(true);
  });

  it('never counts an exempt address', () => {
    const { guard, fail, events } = setup({ exempt: ['127.0.0.1'] });
    fail('127.0.0.1', 'alice', 30);
    expect(guard.isBanned('127.0.0.1')).toBe(false);
    expect(guard.pairRefusedSeconds('127.0.0.1', 'alice')).toBe(0);
    expect(events).toEqual([]);
  });
});

describe('ending bans and bounding memory', () => {
  it('ends an expired ban at the sweep, telling unban by expiry once', () => {
    const { guard, clock, fail, events } = setup();
    fail('203.0.113.1', 'alice', 10);
    fail('203.0.113.1', 'bob', 10);
    guard.sweep(clock.t + 10 * MINUTE);
    expect(events.some((e) => e.type === 'unban')).toBe(false);
    clock.t += HOUR;
    guard.sweep(clock.t);
    guard.sweep(clock.t + 1);
    expect(events.filter((e) => e.type === 'unban')).toEqual([{ type: 'unban', source: '203.0.113.1', by: 'expiry' }]);
  });

  it('lets the operator lift a ban (unban by operator), and says when there was none', () => {
    const { guard, fail, events } = setup();
    fail('203.0.113.1', 'alice', 10);
    fail('203.0.113.1', 'bob', 10);
    expect(guard.lift('203.0.113.1')).toBe(true);
    expect(guard.isBanned('203.0.113.1')).toBe(false);
    expect(events.at(-1)).toEqual({ type: 'unban', source: '203.0.113.1', by: 'operator' });
    expect(guard.lift('203.0.113.1')).toBe(false);
    expect(guard.lift('203.0.113.9')).toBe(false);
    for (let i = 0; i < 10; i++) fail('203.0.113.1', `u${i}`);
    expect(events.at(-1)).toMatchObject({ type: 'ban', level: 1 });
  });

  it('shows bans and counters per address and per pair', () => {
    const { guard, clock, fail } = setup();
    fail('203.0.113.1', 'alice', 5);
    fail('203.0.113.2', 'bob', 2);
    const view = guard.view();
    expect(view.bans).toEqual([]);
    expect(view.addresses).toEqual([
      { address: '203.0.113.1', failures: 5, usernames: 1 },
      { address: '203.0.113.2', failures: 2, usernames: 1 },
    ]);
    expect(view.pairs).toEqual([
      { address: '203.0.113.1', user: 'alice', failures: 0, refusedUntil: clock.t + 10 * MINUTE },
      { address: '203.0.113.2', user: 'bob', failures: 2, refusedUntil: null },
    ]);
    for (let i = 0; i < 10; i++) fail('203.0.113.3', `u${i}`);
    expect(guard.view().bans).toEqual([
      { address: '203.0.113.3', reason: 'auth_failures', level: 1, until: clock.t + HOUR },
    ]);
  });

  it('keeps at most maxEntries per table, forgetting the least recently touched', () => {
    const { guard, fail } = setup({ maxEntries: 3 });
    for (let i = 1; i <= 5; i++) fail(`203.0.113.${i}`, 'alice');
    expect(guard.view().addresses.map((a) => a.address)).toEqual(['203.0.113.3', '203.0.113.4', '203.0.113.5']);
    expect(guard.view().pairs).toHaveLength(3);
  });

  it('keeps and logs at most 64 characters of a username (the attacker writes it)', () => {
    const { guard, fail, events } = setup();
    const long = 'x'.repeat(60_000);
    fail('203.0.113.1', long, 5);
    expect(guard.pairRefusedSeconds('203.0.113.1', long)).toBe(600);
    expect(guard.view().pairs[0]!.user).toHaveLength(64);
    expect(events.every((e) => !('user' in e) || (e.user ?? '').length === 64)).toBe(true);
  });

  it('remembers at most 1000 failures of an address it never bans', () => {
    const { guard, fail } = setup({}, { '198.51.100.7': 'registered' });
    for (let i = 0; i < 1500; i++) fail('198.51.100.7', `colleague${i % 5}`);
    expect(guard.view().addresses).toEqual([{ address: '198.51.100.7', failures: 1000, usernames: 5 }]);
  });

  it('forgets counts that left the window at the sweep', () => {
    const { guard, clock, fail } = setup();
    fail('203.0.113.1', 'alice', 2);
    expect(guard.size).toBe(2);
    guard.sweep(clock.t + 10 * MINUTE);
    expect(guard.size).toBe(0);
  });
});
