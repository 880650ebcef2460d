import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNothingLeft, call, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';
import { freePort, runSipp, startSipp, untilBound } from './sipp.ts';

let world: World;
beforeAll(async () => {
  world = await startWorld({ trunkUsername: 'trunkuser', trunkPassword: 'trunkpass' });
});
afterAll(async () => stopWorld(world));
afterEach(async () => {
  await expectNothingLeft(world);
  await world.seed.store.users.setRoutingOverrides(world.seed.organisationId, world.seed.alice.record.id, {}, null);
});

/** The carrier: a sipp UAS on the trunk's host and port that challenges and answers. */
async function carrier() {
  const process = startSipp({
    scenario: 'uas-carrier-auth.xml',
    port: world.trunkPort,
    service: 'carrier',
    keys: { rtpport: String(freePort()) },
    pauseMs: 200,
  });
  await untilBound(world.trunkPort);
  return process;
}

/** A call from the carrier's address (127.0.0.2, the trunk's inbound address). */
function fromCarrier(dialled: string, scenario = 'trunk-inbound-call.xml', caller = '+46701112233') {
  return runSipp({
    scenario,
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: dialled,
    keys: { caller, rtpport: String(freePort()) },
    pauseMs: 300,
  });
}

describe('inbound calls from the trunk (R71, R72)', () => {
  it('rings the user a number is assigned to and shows the outside caller’s number', async () => {
    const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
    const carrierCall = await fromCarrier(world.seed.numbers.bobLandline);
    expect(carrierCall.code, carrierCall.output + carrierCall.errors).toBe(0);
    const callee = await bob.done;
    expect(callee.code, callee.output + callee.errors).toBe(0);
    expect(callee.logs).toContain('<sip:+46701112233@127.0.0.1>');
    expect(await lastCall(world)).toMatchObject({
      direction: 'inbound',
      fromNumber: '+46701112233',
      toNumber: world.seed.numbers.bobLandline,
      answeredByUserId: world.seed.bob.record.id,
      outcome: 'answered',
    });
  });

  it('applies the unassigned-number rule (reject: 404) to a number assigned to nothing (R35)', async () => {
    const carrierCall = await fromCarrier(world.seed.numbers.unassigned, 'trunk-inbound-refused.xml');
    expect(carrierCall.code, carrierCall.output + carrierCall.errors).toBe(0);
    expect(carrierCall.logs).toContain('status:404');
  });

  it('refuses to carry a call from the trunk back out to another number (no transit)', async () => {
    const carrierCall = await fromCarrier('+4670999888777', 'trunk-inbound-refused.xml');
    expect(carrierCall.code, carrierCall.output + carrierCall.errors).toBe(0);
    expect(carrierCall.logs).toContain('status:404');
  });
});

describe('outbound calls through the trunk (R36, R55)', () => {
  async function callOut(): Promise<string> {
    const trunk = await carrier();
    const caller = await call(world, world.seed.alice, '0701234567');
    expect(caller.code, caller.output + caller.errors).toBe(0);
    const far = await trunk.done;
    expect(far.code, far.output + far.errors).toBe(0);
    expect(far.logs).toContain('auth:ok');
    return far.logs;
  }

  it('presents the landline number by default, after answering the carrier’s digest challenge', async () => {
    expect(await callOut()).toContain(`<sip:${world.seed.numbers.aliceLandline}@127.0.0.1>`);
    const record = await lastCall(world);
    expect(record).toMatchObject({
      direction: 'outbound',
      fromNumber: world.seed.numbers.aliceLandline,
      fromUserId: world.seed.alice.record.id,
      toNumber: '+46701234567',
      outcome: 'answered',
    });
    expect(record.path.map((s) => s.type)).toEqual(['externalNumber', 'trunk']);
  });

  it('presents the mobile number when the user’s caller ID type is mobile', async () => {
    await world.seed.store.users.setRoutingOverrides(
      world.seed.organisationId,
      world.seed.alice.record.id,
      { callerIdType: 'mobile' },
      null,
    );
    expect(await callOut()).toContain(`<sip:${world.seed.numbers.aliceMobile}@127.0.0.1>`);
  });

  it('relays the carrier’s early media (183 with SDP) to the caller, rewritten to the switch’s SDP', async () => {
    const { store, organisationId, trunk } = world.seed;
    await store.trunks.update({ ...trunk, username: null, password: null });
    try {
      const carrierMedia = freePort();
      const far = startSipp({
        scenario: 'uas-carrier-early-media.xml',
        port: world.trunkPort,
        service: 'carrier',
        keys: { rtpport: String(carrierMedia) },
        pauseMs: 500,
      });
      await untilBound(world.trunkPort);
      const caller = await call(world, world.seed.alice, '0701234567', 'uac-call-early-media.xml');
      expect(caller.code, caller.output + caller.errors).toBe(0);
      const earlyPort = /early media:m=audio (\d+)/.exec(caller.logs)?.[1];
      expect(earlyPort, caller.logs).toBeDefined();
      expect(Number(earlyPort)).not.toBe(carrierMedia); // the switch's own port: media stays anchored
      expect((await far.done).code).toBe(0);
      expect(await lastCall(world)).toMatchObject({ direction: 'outbound', outcome: 'answered' });
    } finally {
      await store.trunks.update(trunk);
    }
  });

  it('presents a display number the user chose and may use', async () => {
    const { store, organisationId, alice, numbers } = world.seed;
    await store.displayNumbers.create(organisationId, {
      number: numbers.display,
      userIds: [alice.record.id],
      teamIds: [],
      grantToGroupAgents: false,
      grantToGroupSupervisors: false,
    });
    await store.users.setRoutingOverrides(organisationId, alice.record.id, {}, numbers.display);
    expect(await callOut()).toContain(`<sip:${numbers.display}@127.0.0.1>`);
  });
});
