import { describe, expect, it } from 'vitest';
import { FloodGuard, type FloodOptions } from './floodGuard.ts';
import type { SourceKind } from './knownSources.ts';
import type { SipSecurityEvent } from './securityEvent.ts';

function guard(kinds: Record<string, SourceKind> = {}, limits?: FloodOptions) {
  const clock = { now: 1_000_000 };
  const events: SipSecurityEvent[] = [];
  const flood = new FloodGuard({
    now: () => clock.now,
    kind: (address) => kinds[address] ?? 'stranger',
    securityLog: { record: (e) => events.push(e) },
    ...(limits ? { limits } : {}),
  });
  /** `count` requests from `address`, spread evenly over `ms`; how many were admitted. */
  const send = (address: string, count: number, ms = 0): number => {
    let admitted = 0;
    for (let i = 0; i < count; i++) {
      if (flood.admit(address)) admitted++;
      clock.now += ms / count;
    }
    return admitted;
  };
  return { clock, events, flood, send };
}

describe('flood guard: per-source window', () => {
  it('admits 16 requests in 2 s from a stranger, bans it on the 17th for 5 minutes, then lets it back', () => {
    const { clock, events, flood, send } = guard();
    expect(send('203.0.113.5', 16, 1000)).toBe(16);
    expect(events).toEqual([]);
    expect(flood.admit('203.0.113.5')).toBe(false);
    expect(events).toEqual([
      { type: 'flood', source: '203.0.113.5', kind: 'stranger', requests: 17, seconds: 2, action: 'banned' },
      { type: 'ban', source: '203.0.113.5', reason: 'flood', seconds: 300, level: 1 },
    ]);
    // Banned: even a slow trickle and its responses are dropped until the ban ends.
    clock.now += 60_000;
    expect(flood.admit('203.0.113.5')).toBe(false);
    expect(flood.admit('203.0.113.5', true)).toBe(false);
    expect(flood.isBanned('203.0.113.5')).toBe(true);
    clock.now += 240_000;
    expect(flood.admit('203.0.113.5')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'unban', source: '203.0.113.5', by: 'expiry' });
  });

  it('counts a sliding window, not fixed ones: 10 late in one window and 10 early in the next are 20 in 2 s', () => {
    const { clock, send } = guard();
    clock.now += 1900;
    send('203.0.113.6', 10);
    clock.now += 200; // the next fixed window has begun; 90 % of the last still overlaps
    expect(send('203.0.113.6', 10)).toBeLessThan(10);
  });

  it('lets a steady stranger under the limit through for ever', () => {
    const { send } = guard();
    // 7 requests a second is 14 per 2 s.
    expect(send('198.51.100.9', 700, 100_000)).toBe(700);
  });

  it('never bans a registered or trunk address: only the excess is dropped, and reported once per interval', () => {
    const { clock, events, flood, send } = guard({ '192.0.2.10': 'registered', '192.0.2.20': 'trunk' });
    expect(send('192.0.2.10', 200, 1000)).toBe(160);
    expect(send('192.0.2.20', 2500, 1000)).toBe(2000);
    expect(events.map((e) => [e.type, e.source, 'action' in e ? e.action : null])).toEqual([
      ['flood', '192.0.2.10', 'excess_dropped'],
      ['flood', '192.0.2.20', 'excess_dropped'],
    ]);
    clock.now += 2000;
    expect(flood.isBanned('192.0.2.10')).toBe(false);
    expect(flood.admit('192.0.2.10')).toBe(true);
  });

  it('does not count responses, and an operator can lift a ban', () => {
    const { events, flood, send } = guard();
    for (let i = 0; i < 100; i++) expect(flood.admit('203.0.113.7', true)).toBe(true);
    expect(send('203.0.113.7', 16)).toBe(16);
    send('203.0.113.7', 1);
    expect(flood.lift('203.0.113.7')).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'unban', source: '203.0.113.7', by: 'operator' });
    expect(flood.admit('203.0.113.7')).toBe(true);
  });

  it('raises the level of a repeated ban', () => {
    const { clock, events, send } = guard();
    send('203.0.113.8', 17);
    clock.now += 301_000;
    send('203.0.113.8', 17);
    expect(events.filter((e) => e.type === 'ban').map((e) => (e as { level: number }).level)).toEqual([1, 2]);
  });

  it('forgets idle sources, so spoofed addresses do not pile up', () => {
    const { clock, flood, send } = guard();
    for (let i = 0; i < 1000; i++) send(`10.0.${i >> 8}.${i & 255}`, 1);
    expect(flood.stats().sources).toBe(1000);
    clock.now += 4000;
    send('10.9.9.9', 1);
    clock.now += 2000;
    send('10.9.9.9', 1);
    expect(flood.stats().sources).toBe(1);
  });
});

describe("flood guard: the total cap and the known sources' share", () => {
  const limits = { totalPerSecond: 100, reservedForKnownPerSecond: 60, perWindow: { stranger: 1000 } };

  it('stops strangers at their share while known sources still get theirs', () => {
    const { events, send } = guard({ '192.0.2.10': 'registered', '192.0.2.20': 'trunk' }, limits);
    expect(send('203.0.113.1', 30) + send('203.0.113.2', 30)).toBe(40);
    expect(send('192.0.2.10', 30)).toBe(30);
    expect(send('192.0.2.20', 40)).toBe(30);
    const shed = events.filter((e) => e.type === 'flood_shed');
    expect(shed).toHaveLength(1); // rate-limited
    expect(shed[0]).toMatchObject({ type: 'flood_shed', strangers: 1, known: 0 });
  });

  it('starts afresh each second and reports the shed counts since the last report', () => {
    const { clock, events, send } = guard({}, { ...limits, reportIntervalMs: 1000 });
    expect(send('203.0.113.1', 50)).toBe(40);
    clock.now += 1000;
    expect(send('203.0.113.1', 50)).toBe(40);
    // The first shed is reported at once; the next report, a second later, counts the 9 after it and its own.
    expect(events.filter((e) => e.type === 'flood_shed').map((e) => (e as { strangers: number }).strangers)).toEqual([
      1, 10,
    ]);
  });
});

describe('flood guard: concurrent server transactions', () => {
  it('bounds them by kind of source', () => {
    const { flood } = guard({ '192.0.2.10': 'registered', '192.0.2.20': 'trunk' });
    expect([
      flood.maxServerTransactions('203.0.113.1'),
      flood.maxServerTransactions('192.0.2.10'),
      flood.maxServerTransactions('192.0.2.20'),
    ]).toEqual([32, 512, 4096]);
  });
});

describe('flood guard: exempt addresses', () => {
  it('never limits or bans an exempt address (a trusted SBC, a load generator), and bounds its transactions as a trunk’s', () => {
    const { flood, events, send } = guard({}, { exempt: ['198.51.100.7'] });
    expect(send('198.51.100.7', 5000)).toBe(5000);
    expect(flood.isBanned('198.51.100.7')).toBe(false);
    expect(flood.maxServerTransactions('198.51.100.7')).toBe(4096);
    expect(events).toEqual([]);
    expect(send('203.0.113.1', 20)).toBe(16);
  });
});
