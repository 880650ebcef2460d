import { factoryOutboundRules, type OutboundBlock, type OutboundRules } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../kernel/logger.ts';
import type { SipSecurityEvent } from './securityEvent.ts';
import { TollGuard, type TollRequest } from './tollGuard.ts';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

const abroad: OutboundRules = {
  ...factoryOutboundRules(),
  international: { allowed: true, countries: ['DE'] },
  limits: { concurrentCalls: 3, minutesPerHour: 5, internationalSpike: { calls: 3, seconds: 60 } },
};

function world(stored: OutboundBlock | null = null) {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const events: SipSecurityEvent[] = [];
  const notified: OutboundBlock[] = [];
  const store = new Map<string, OutboundBlock>(stored ? [[stored.organisationId, stored]] : []);
  const guard = new TollGuard({
    blocks: {
      get: async (id) => store.get(id) ?? null,
      set: async (block) => void store.set(block.organisationId, block),
    },
    securityLog: { record: (event) => events.push(event) },
    notifier: { blocked: async (block) => void notified.push(block) },
    now: () => now,
    logger: silentLogger,
  });
  const request = (number: string, rules: OutboundRules = abroad): TollRequest => ({
    organisationId: 'org-1',
    country: 'SE',
    rules,
    number,
    user: 'u1',
    source: '127.0.0.5',
  });
  return { guard, events, notified, store, request, advance: (seconds: number) => (now += seconds * 1000) };
}

describe('TollGuard', () => {
  it('refuses what the per-number rules forbid, with a toll_refused event naming the reason', async () => {
    const { guard, events, request } = world();
    expect(await guard.admit(request('+8816123456'))).toMatchObject({
      allowed: false,
      reason: 'satellite_not_allowed',
    });
    expect(events).toStrictEqual([
      {
        type: 'toll_refused',
        source: '127.0.0.5',
        organisationId: 'org-1',
        user: 'u1',
        number: '+8816123456',
        reason: 'satellite_not_allowed',
      },
    ]);
  });

  it('refuses the call over the concurrent limit until one ends', async () => {
    const { guard, request } = world();
    const legs = [];
    for (let i = 0; i < 3; i++) {
      const admission = await guard.admit(request('+46812345678'));
      if (!admission.allowed) throw new Error('refused');
      legs.push(admission.leg);
    }
    expect(await guard.admit(request('+46812345678'))).toMatchObject({ allowed: false, reason: 'concurrent_calls' });
    legs[0]!.ended();
    legs[0]!.ended();
    expect((await guard.admit(request('+46812345678'))).allowed).toBe(true);
  });

  it('refuses calls once the minutes of the hour are talked', async () => {
    const { guard, request, advance } = world();
    const admission = await guard.admit(request('+46812345678'));
    if (!admission.allowed) throw new Error('refused');
    admission.leg.answered();
    advance(5 * 60);
    admission.leg.ended();
    expect(await guard.admit(request('+46812345679'))).toMatchObject({ allowed: false, reason: 'minutes_per_hour' });
    advance(3600);
    expect((await guard.admit(request('+46812345679'))).allowed).toBe(true);
  });

  it('blocks international calls at a spike, stores the block, tells the admins, and keeps national calls going', async () => {
    const { guard, events, notified, store, request } = world();
    for (let i = 0; i < 3; i++) {
      const admission = await guard.admit(request('+4930123456'));
      if (!admission.allowed) throw new Error('refused');
      admission.leg.ended();
    }
    expect(events).toContainEqual({
      type: 'toll_block',
      source: '127.0.0.5',
      organisationId: 'org-1',
      reason: 'international_spike',
    });
    expect(await guard.admit(request('+4930123456'))).toMatchObject({
      allowed: false,
      reason: 'international_blocked',
    });
    expect((await guard.admit(request('+46812345678'))).allowed).toBe(true);
    expect(store.get('org-1')).toMatchObject({
      scope: 'international',
      reason: 'international_spike',
      calls: 3,
      seconds: 60,
      since: '2026-03-01T10:00:00.000Z',
    });
    expect(notified).toHaveLength(1);
  });

  it('lets international calls through again once lifted, and counts a new spike from zero', async () => {
    const { guard, events, store, request } = world();
    for (let i = 0; i < 3; i++) ((await guard.admit(request('+4930123456'))) as { leg: { ended(): void } }).leg.ended();
    store.delete('org-1');
    guard.lifted('org-1', 'admin@example.se');
    expect(events.at(-1)).toStrictEqual({
      type: 'toll_unblock',
      source: '-',
      organisationId: 'org-1',
      by: 'admin@example.se',
    });
    expect((await guard.admit(request('+4930123456'))).allowed).toBe(true);
  });

  it('obeys a lift the store was told of although the switch was not (the API of another process)', async () => {
    const { guard, store, request, advance } = world();
    for (let i = 0; i < 3; i++) ((await guard.admit(request('+4930123456'))) as { leg: { ended(): void } }).leg.ended();
    await until(() => store.has('org-1'));
    store.delete('org-1');
    advance(61);
    expect((await guard.admit(request('+4930123456'))).allowed).toBe(true);
  });

  it('holds a block the store could not take until it is lifted', async () => {
    const events: SipSecurityEvent[] = [];
    const guard = new TollGuard({
      blocks: { get: async () => null, set: () => Promise.reject(new Error('database down')) },
      securityLog: { record: (event) => events.push(event) },
      notifier: null,
      now: () => 0,
      logger: silentLogger,
    });
    const request = {
      organisationId: 'org-1',
      country: 'SE',
      rules: abroad,
      user: null,
      source: null,
      number: '+4930123456',
    };
    for (let i = 0; i < 3; i++) ((await guard.admit(request)) as { leg: { ended(): void } }).leg.ended();
    await new Promise((r) => setImmediate(r));
    expect(await guard.admit(request)).toMatchObject({ allowed: false, reason: 'international_blocked' });
    guard.lifted('org-1', 'admin');
    expect((await guard.admit(request)).allowed).toBe(true);
  });

  it('obeys a block from the store (set before a restart)', async () => {
    const { guard, request } = world({
      organisationId: 'org-1',
      scope: 'international',
      reason: 'international_spike',
      since: '2026-03-01T09:00:00.000Z',
      calls: 3,
      seconds: 60,
    });
    expect(await guard.admit(request('+4930123456'))).toMatchObject({
      allowed: false,
      reason: 'international_blocked',
    });
  });

  it('always lets emergency calls through, during a block and over every limit, without counting them', async () => {
    const tight = { ...abroad, limits: { ...abroad.limits, concurrentCalls: 1 } };
    const { guard, request } = world({
      organisationId: 'org-1',
      scope: 'international',
      reason: 'international_spike',
      since: '2026-03-01T09:00:00.000Z',
      calls: 3,
      seconds: 60,
    });
    expect((await guard.admit(request('+46812345678', tight))).allowed).toBe(true);
    expect(await guard.admit(request('112', tight))).toMatchObject({ allowed: true, emergency: true });
    expect(await guard.admit(request('112', tight))).toMatchObject({ allowed: true, emergency: true });
    expect(await guard.admit(request('+46812345679', tight))).toMatchObject({
      allowed: false,
      reason: 'concurrent_calls',
    });
  });

  it('refuses international calls when the store cannot say whether they are blocked', async () => {
    const guard = new TollGuard({
      blocks: { get: () => Promise.reject(new Error('database down')), set: async () => {} },
      securityLog: { record() {} },
      notifier: null,
      now: () => 0,
      logger: silentLogger,
    });
    const request = { organisationId: 'org-1', country: 'SE', rules: abroad, user: null, source: null };
    expect(await guard.admit({ ...request, number: '+4930123456' })).toMatchObject({
      allowed: false,
      reason: 'international_blocked',
    });
    expect((await guard.admit({ ...request, number: '+46812345678' })).allowed).toBe(true);
  });
});
