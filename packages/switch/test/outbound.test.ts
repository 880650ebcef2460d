import { factoryOutboundRules, type OutboundRules } from '@vaxel/domain';
import { computeHa1 } from '@vaxel/sip';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIP_REALM } from '../src/index.ts';
import { PASSWORD, type SeededUser } from './fixtures.ts';
import { freePort, runSipp, startSipp, untilBound } from './sipp.ts';
import { call, expectNothingLeft, lastCall, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * Emergency calls (R92) and the outbound rules (R91) with real peers: sipp phones dial through the
 * switch, and a sipp carrier on the trunk's loopback address logs what reached it.
 */
let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => stopWorld(world));
afterEach(async () => {
  await expectNothingLeft(world);
  const { store, organisationId, alice, bob } = world.seed;
  await store.outboundRules.set(organisationId, factoryOutboundRules());
  await store.users.setRoutingOverrides(organisationId, alice.record.id, {}, null);
  await store.users.setRoutingOverrides(organisationId, bob.record.id, {}, null);
});

const setRules = (rules: Partial<OutboundRules>) =>
  world.seed.store.outboundRules.set(world.seed.organisationId, { ...factoryOutboundRules(), ...rules });

/** The carrier: a sipp UAS on the trunk's port that answers and logs the Request-URI, From and PAI. */
async function carrier() {
  const process = startSipp({
    scenario: 'uas-carrier-answer.xml',
    port: world.trunkPort,
    service: 'carrier',
    keys: { rtpport: String(freePort()) },
    pauseMs: 200,
  });
  await untilBound(world.trunkPort);
  return process;
}

/** Dials `dialled` as `user` while the carrier answers; returns what the carrier logged. */
async function callOut(user: SeededUser, dialled: string): Promise<string> {
  const trunk = await carrier();
  const caller = await call(world, user, dialled);
  expect(caller.code, caller.output + caller.errors).toBe(0);
  const far = await trunk.done;
  expect(far.code, far.output + far.errors).toBe(0);
  return far.logs;
}

/** Dials `dialled` as `user`, expecting the switch to refuse; returns what the caller logged. */
async function callRefused(user: SeededUser, dialled: string): Promise<string> {
  const caller = await call(world, user, dialled, 'uac-call-refused.xml');
  expect(caller.code, caller.output + caller.errors).toBe(0);
  return caller.logs;
}

const identity = (number: string) => new RegExp(`<sip:${number.replace('+', '\\+')}@127\\.0\\.0\\.1>`);

describe('emergency calls (R92)', () => {
  it('go to the trunk with the digits dialled and the user’s own number in From and P-Asserted-Identity, although she chose a display number and the rules forbid all but national calls', async () => {
    const { store, organisationId, alice, numbers } = world.seed;
    const display = await store.displayNumbers.create(organisationId, {
      number: numbers.display,
      userIds: [alice.record.id],
      teamIds: [],
      grantToGroupAgents: false,
      grantToGroupSupervisors: false,
    });
    await store.users.setRoutingOverrides(organisationId, alice.record.id, {}, numbers.display);
    try {
      const logs = await callOut(alice, '112');
      expect(logs).toContain('ruri:112\n');
      expect(logs).toMatch(new RegExp(`From: *${identity(numbers.aliceLandline).source}`));
      expect(logs).toMatch(new RegExp(`PAI: *${identity(numbers.aliceLandline).source}`));
      expect(logs).not.toContain(numbers.display);
      expect(await lastCall(world)).toMatchObject({
        direction: 'outbound',
        toNumber: '112',
        emergency: true,
        fromNumber: numbers.aliceLandline,
        outcome: 'answered',
      });
    } finally {
      await store.displayNumbers.delete(organisationId, display.id);
    }
  });

  it('send Sweden’s former emergency number 90 000 to the carrier as 112', async () => {
    const logs = await callOut(world.seed.alice, '90000');
    expect(logs).toContain('ruri:112\n');
    expect(await lastCall(world)).toMatchObject({ toNumber: '90000', emergency: true });
  });

  it('get through for a user without a number of his own, presenting one of the organisation’s numbers that is nobody’s', async () => {
    const logs = await callOut(world.seed.carol, '112');
    expect(logs).toContain('ruri:112\n');
    expect(logs).toMatch(new RegExp(`PAI: *${identity(world.seed.numbers.unassigned).source}`));
    expect(await lastCall(world)).toMatchObject({
      fromUserId: world.seed.carol.record.id,
      fromNumber: world.seed.numbers.unassigned,
      emergency: true,
    });
  });

  it('reach the trunk even when an extension was once saved as 112, never the colleague who has it', async () => {
    const { store, organisationId } = world.seed;
    const account = await store.accounts.create({ email: 'dave@acme.test', name: 'Dave', passwordHash: null });
    const dave = await store.users.create(
      organisationId,
      {
        accountId: account.id,
        organisationId,
        name: 'Dave',
        email: 'dave@acme.test',
        licence: 'basic',
        permissions: [],
        extension: '112',
        mobileNumber: null,
        landlineNumber: null,
        sipUsername: 'dave',
        sipHa1Md5: computeHa1('MD5', 'dave', SIP_REALM, PASSWORD),
        sipHa1Sha256: null,
      },
      [],
    );
    try {
      const logs = await callOut(world.seed.bob, '112');
      expect(logs).toContain('ruri:112\n');
      expect(await lastCall(world)).toMatchObject({
        emergency: true,
        toUserId: null,
        fromNumber: world.seed.numbers.bobLandline,
      });
    } finally {
      await store.users.delete(organisationId, dave.id);
    }
  });

  it('are not marked on an ordinary outbound call', async () => {
    await callOut(world.seed.alice, '0701234567');
    expect(await lastCall(world)).toMatchObject({ toNumber: '+46701234567', emergency: false });
  });
});

describe('outbound rules (R91)', () => {
  it('refuse an international call with 403 by default, and let it through once the country is allowed', async () => {
    const logs = await callRefused(world.seed.alice, '004930123456');
    expect(logs).toContain('status:403');
    expect(logs).toMatch(/warning: 399 vaxel ".*international number.*"/);
    const refused = await lastCall(world);
    expect(refused).toMatchObject({
      direction: 'outbound',
      toNumber: '+4930123456',
      outcome: 'failed',
      emergency: false,
    });
    expect(refused.path.map((s) => s.type)).toEqual(['externalNumber']);

    await setRules({ international: { allowed: true, countries: ['DE'] } });
    const far = await callOut(world.seed.alice, '004930123456');
    expect(far).toContain('ruri:+4930123456\n');
    expect(await lastCall(world)).toMatchObject({ toNumber: '+4930123456', outcome: 'answered' });
  });

  it('refuse a country that is not on the allowlist', async () => {
    await setRules({ international: { allowed: true, countries: ['DE'] } });
    const logs = await callRefused(world.seed.alice, '+33123456789');
    expect(logs).toContain('status:403');
    expect(logs).toMatch(/not among the countries/);
  });

  it('refuse a premium-rate number (Sweden’s 0900) although national calls are allowed', async () => {
    const logs = await callRefused(world.seed.alice, '0900123456');
    expect(logs).toContain('status:403');
    expect(logs).toMatch(/premium-rate/);
    expect(await lastCall(world)).toMatchObject({ toNumber: '+46900123456', outcome: 'failed' });
  });

  it('apply to forwarding: a forward saved before the rules forbade it is refused, and placed once they allow it', async () => {
    const { store, organisationId, alice, bob } = world.seed;
    // Bob has no phone registered, so his unanswered handling applies at once.
    await store.users.setRoutingOverrides(
      organisationId,
      bob.record.id,
      { unansweredDestination: { type: 'externalNumber', number: '+4930123456' } },
      null,
    );
    const logs = await callRefused(alice, '1002');
    expect(logs).toContain('status:403');
    const refused = await lastCall(world);
    expect(refused).toMatchObject({ direction: 'internal', toUserId: bob.record.id, outcome: 'failed' });
    expect(refused.path.map((s) => s.type)).toEqual(['user', 'externalNumber']);

    await setRules({ international: { allowed: true, countries: ['DE'] } });
    const far = await callOut(alice, '1002');
    expect(far).toContain('ruri:+4930123456\n');
    expect((await lastCall(world)).path.map((s) => s.type)).toEqual(['user', 'externalNumber', 'trunk']);
  });

  it('apply to a call from the trunk that the unassigned-number rule sends abroad (no transit to toll numbers)', async () => {
    const { store, organisationId, numbers } = world.seed;
    const defaults = await store.callRouting.getDefaults(organisationId);
    await world.seed.setDefaults({
      unassignedNumbers: { action: 'route', destination: { type: 'externalNumber', number: '+4930123456' } },
    });
    try {
      const carrierCall = await runSipp({
        scenario: 'trunk-inbound-refused.xml',
        port: freePort(),
        address: '127.0.0.2',
        remotePort: world.switchPort,
        service: numbers.unassigned,
        keys: { caller: '+46701112233', rtpport: String(freePort()) },
      });
      expect(carrierCall.code, carrierCall.output + carrierCall.errors).toBe(0);
      expect(carrierCall.logs).toContain('status:403');
      expect(await lastCall(world)).toMatchObject({
        direction: 'inbound',
        toNumber: numbers.unassigned,
        outcome: 'failed',
      });
    } finally {
      await store.callRouting.setDefaults(organisationId, defaults);
    }
  });

  it('forward an outside caller with their own number and a Diversion naming the number they dialled (RFC 5806)', async () => {
    const { store, organisationId, bob, numbers } = world.seed;
    await setRules({ international: { allowed: true, countries: ['DE'] } });
    await store.users.setRoutingOverrides(
      organisationId,
      bob.record.id,
      { unansweredDestination: { type: 'externalNumber', number: '+4930123456' } },
      null,
    );
    const trunk = await carrier();
    const inbound = await runSipp({
      scenario: 'trunk-inbound-call.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: numbers.bobLandline,
      keys: { caller: '+46701112233', rtpport: String(freePort()) },
      pauseMs: 200,
    });
    expect(inbound.code, inbound.output + inbound.errors).toBe(0);
    const far = await trunk.done;
    expect(far.code, far.output + far.errors).toBe(0);
    expect(far.logs).toMatch(new RegExp(`From: ${identity('+46701112233').source}`));
    expect(far.logs).toMatch(
      new RegExp(`Diversion: ${identity(numbers.bobLandline).source};reason=no-answer;counter=1;privacy=off`),
    );
  });

  it('forward a colleague’s call with her caller ID and a Diversion naming the forwarding user’s own number', async () => {
    const { store, organisationId, alice, bob, numbers } = world.seed;
    await setRules({ international: { allowed: true, countries: ['DE'] } });
    // Bob has no phone registered, so his unanswered handling applies at once.
    await store.users.setRoutingOverrides(
      organisationId,
      bob.record.id,
      { unansweredDestination: { type: 'externalNumber', number: '+4930123456' } },
      null,
    );
    const logs = await callOut(alice, '1002');
    expect(logs).toMatch(new RegExp(`From: ${identity(numbers.aliceLandline).source}`));
    expect(logs).toMatch(
      new RegExp(`Diversion: ${identity(numbers.bobLandline).source};reason=no-answer;counter=1;privacy=off`),
    );
  });

  it('refuse forwarding to one of the organisation’s own numbers as a loop', async () => {
    const { store, organisationId, alice, bob, numbers } = world.seed;
    await store.users.setRoutingOverrides(
      organisationId,
      bob.record.id,
      { unansweredDestination: { type: 'externalNumber', number: numbers.unassigned } },
      null,
    );
    const logs = await callRefused(alice, '1002');
    expect(logs).toContain('status:482');
  });
});
