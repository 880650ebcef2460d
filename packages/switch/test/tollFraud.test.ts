import { factoryOutboundLimits, factoryOutboundRules, type OutboundBlock, type OutboundRules } from '@vaxel/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SipSecurityEvent } from '../src/index.ts';
import type { SeededUser } from './fixtures.ts';
import { freePort, startSipp, untilBound, type SippRun } from './sipp.ts';
import { until } from '@vaxel/testing';
import { call, expectNothingLeft, lastCall, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * Issue 10 "Toll fraud" with real peers: sipp phones dial through the switch, a sipp carrier on the
 * trunk's loopback address answers what reaches it. The switch's clock runs `shift` ms ahead of
 * the real one, so "a minute later" needs no minute of waiting.
 */
let world: World;
let shift = 0;
const events: SipSecurityEvent[] = [];
const notified: OutboundBlock[] = [];

beforeAll(async () => {
  world = await startWorld({
    // Ten calls at once hold twenty media sessions.
    rtpPorts: 120,
    switch: {
      clock: { now: () => Date.now() + shift },
      securityLog: { record: (event) => events.push(event) },
      outboundBlockNotifier: { blocked: async (block) => void notified.push(block) },
      // The callers are sipp scenarios that call without registering, so the flood guard takes
      // 127.0.0.1 for a stranger: ten calls in a second would be a flood to it (test/flood.test.ts).
      flood: { perWindow: { stranger: 1000 }, serverTransactions: { stranger: 1000 } },
    },
  });
});
afterAll(async () => stopWorld(world));
afterEach(async () => {
  await expectNothingLeft(world);
  const { store, organisationId, bob } = world.seed;
  await store.outboundRules.set(organisationId, factoryOutboundRules());
  await store.users.setRoutingOverrides(organisationId, bob.record.id, {}, null);
  if (await store.outboundBlocks.lift(organisationId)) world.sw.outboundBlockLifted(organisationId, 'test cleanup');
  events.length = 0;
  notified.length = 0;
});

const setRules = (rules: Partial<OutboundRules>) =>
  world.seed.store.outboundRules.set(world.seed.organisationId, { ...factoryOutboundRules(), ...rules });
const refusedEvents = () => events.filter((e) => e.type === 'toll_refused');

/** A carrier answering `calls` calls on the trunk's port (ringing `ringMs` first); its run once they are hung up. */
async function carrier(calls = 1): Promise<Promise<SippRun>> {
  const process = startSipp({
    scenario: 'uas-carrier-answer.xml',
    port: world.trunkPort,
    service: 'carrier',
    keys: { rtpport: String(freePort()) },
    pauseMs: 100,
    extra: ['-m', String(calls), '-l', String(calls)],
    timeoutSeconds: 60,
  });
  await untilBound(world.trunkPort);
  return process.done;
}

/** `calls` calls from one phone of `user` to `dialled`, at once, each talking `talkMs`. */
function calls(user: SeededUser, dialled: string, count: number, talkMs: number): Promise<SippRun> {
  return call(world, user, dialled, 'uac-call.xml', {
    talkMs,
    extra: ['-m', String(count), '-l', String(count), '-r', String(count)],
    timeoutSeconds: 60,
  });
}

/** One call the switch must refuse; the caller's log (status and Warning). */
async function refused(user: SeededUser, dialled: string): Promise<string> {
  const run = await call(world, user, dialled, 'uac-call-refused.xml');
  expect(run.code, run.output + run.errors).toBe(0);
  return run.logs;
}

/** One call the carrier answers; what the carrier logged. */
async function placed(user: SeededUser, dialled: string): Promise<string> {
  const far = carrier();
  const run = await call(world, user, dialled);
  expect(run.code, run.output + run.errors).toBe(0);
  const carrierRun = await await far;
  expect(carrierRun.code, carrierRun.output + carrierRun.errors).toBe(0);
  return carrierRun.logs;
}

/**
 * Calls to `number` answered and not ended, from the call log (its answer is written as the switch
 * answers the caller, which it does once the carrier answered).
 */
async function talkingTo(number: string): Promise<number> {
  const { calls } = await world.seed.store.calls.search(world.seed.organisationId, { limit: 50 });
  return calls.filter((c) => c.toNumber === number && c.answeredAt !== null && c.endedAt === null).length;
}

const ok = (run: SippRun) => expect(run.code, run.output + run.errors).toBe(0);

describe('toll fraud: per-number rules', () => {
  it('refuses a satellite number (+881) with 403 and a toll_refused event, the trunk never hearing of it', async () => {
    const { alice } = world.seed;
    const logs = await refused(alice, '+8816123456');
    expect(logs).toContain('status:403');
    expect(logs).toMatch(/warning:.*satellite/);
    expect(refusedEvents()).toMatchObject([
      { source: '127.0.0.1', user: alice.record.id, number: '+8816123456', reason: 'satellite_not_allowed' },
    ]);
    expect((await lastCall(world)).path.map((s) => s.type)).toEqual(['externalNumber']);
  });

  it('does not place a user’s forward to a premium number: the forward is refused and no leg goes to the trunk', async () => {
    const { store, organisationId, alice, bob } = world.seed;
    // Bob has no phone registered, so his unanswered handling applies at once.
    await store.users.setRoutingOverrides(
      organisationId,
      bob.record.id,
      { unansweredDestination: { type: 'externalNumber', number: '+46900123456' } },
      null,
    );
    const logs = await refused(alice, '1002');
    expect(logs).toContain('status:403');
    const record = await lastCall(world);
    expect(record).toMatchObject({ toUserId: bob.record.id, outcome: 'failed' });
    expect(record.path.map((s) => s.type)).toEqual(['user', 'externalNumber']);
    expect(refusedEvents()).toMatchObject([
      { user: bob.record.id, number: '+46900123456', reason: 'premium_not_allowed' },
    ]);
  });
});

describe('toll fraud: limits', () => {
  it('refuses the 11th concurrent outbound call with 403 while 10 are up, and places calls again once they ended', async () => {
    const { alice, bob } = world.seed;
    expect(factoryOutboundLimits().concurrentCalls).toBe(10);
    const far = carrier(10);
    const ten = calls(alice, '+46812345678', 10, 20_000);
    await until('ten outbound calls answered', async () => (await talkingTo('+46812345678')) === 10, {
      timeoutMs: 30_000,
    });

    const logs = await refused(bob, '+46812345679');
    expect(logs).toContain('status:403');
    expect(logs).toMatch(/warning:.*10 outbound calls in progress/);
    expect(refusedEvents()).toMatchObject([{ user: bob.record.id, reason: 'concurrent_calls' }]);
    expect(world.sw.stats().dialogs).toBe(20);

    ok(await ten);
    ok(await far);
    await expectNothingLeft(world);
    expect(await placed(bob, '+46812345679')).toContain('ruri:+46812345679\n');
  }, 90_000);

  it('refuses calls once the organisation’s outbound minutes of the hour are used, counting a call still in progress', async () => {
    const { alice, bob } = world.seed;
    await setRules({ limits: { ...factoryOutboundLimits(), minutesPerHour: 1 } });
    // An hour later, the earlier tests' calls have slid out of the hour the limit counts.
    shift += 3_601_000;
    expect(await placed(alice, '+46812345678')).toContain('ruri:+46812345678\n');
    await expectNothingLeft(world);
    const far = carrier();
    const talking = call(world, alice, '+46812345678', 'uac-call.xml', { talkMs: 8000 });
    await until('the call answered', async () => (await talkingTo('+46812345678')) === 1);
    // A minute and a second of talk, without waiting for it: the switch's clock moves on.
    shift += 61_000;
    const logs = await refused(bob, '+46812345679');
    expect(logs).toContain('status:403');
    expect(logs).toMatch(/warning:.*1 outbound minutes of the last hour/);
    expect(refusedEvents()).toMatchObject([{ user: bob.record.id, reason: 'minutes_per_hour' }]);
    ok(await talking);
    ok(await far);
  }, 60_000);

  it('blocks international calls after 10 in a minute: the 11th refused, still refused a minute later, 112 placed meanwhile, allowed after the lift', async () => {
    const { store, organisationId, alice } = world.seed;
    await setRules({ international: { allowed: true, countries: ['DE'] } });
    const far = carrier(10);
    ok(await calls(alice, '+4930123456', 10, 200));
    ok(await far);
    await until('the block stored', async () => (await store.outboundBlocks.get(organisationId)) !== null);
    expect(await store.outboundBlocks.get(organisationId)).toMatchObject({
      scope: 'international',
      reason: 'international_spike',
      calls: 10,
      seconds: 60,
    });
    expect(events.filter((e) => e.type === 'toll_block')).toMatchObject([
      { organisationId, reason: 'international_spike' },
    ]);
    await until('the admins told', () => notified.length === 1);
    await expectNothingLeft(world);

    const logs = await refused(alice, '+4930123457');
    expect(logs).toContain('status:403');
    expect(logs).toMatch(/warning:.*blocked/);
    expect(refusedEvents().at(-1)).toMatchObject({ reason: 'international_blocked' });

    shift += 61_000;
    expect(await refused(alice, '+4930123457')).toContain('status:403');
    expect(await placed(alice, '+46812345678')).toContain('ruri:+46812345678\n');
    expect(await placed(alice, '112')).toContain('ruri:112\n');
    expect((await lastCall(world)).emergency).toBe(true);

    expect(await store.outboundBlocks.lift(organisationId)).not.toBeNull();
    world.sw.outboundBlockLifted(organisationId, 'admin@example.se');
    expect(events.at(-1)).toMatchObject({ type: 'toll_unblock', organisationId, by: 'admin@example.se' });
    expect(await placed(alice, '+4930123457')).toContain('ruri:+4930123457\n');
  }, 120_000);
});
