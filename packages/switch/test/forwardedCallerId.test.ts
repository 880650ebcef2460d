import {
  defaultIvrAdvancedSettings,
  factoryOutboundRules,
  type Destination,
  type ForwardedCallerId,
} from '@vaxel/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runSipp, startSipp, untilBound } from './sipp.ts';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * What a call forwarded out through the trunk presents, as the trunk's setting says (issue 10,
 * RFC 5806), with real peers: an outside caller (sipp on the trunk's inbound address 127.0.0.2)
 * or a colleague (a sipp phone) calls a user whose settings forward to an outside number, and the
 * carrier (a sipp UAS on the trunk's port) logs the From, P-Asserted-Identity and Diversion of
 * the INVITE it received.
 */
let world: World;
/** The number of an IVR menu that is never open. */
const MENU_NUMBER = '+46812300050';
beforeAll(async () => {
  world = await startWorld();
  await world.seed.store.numbers.allocate(world.seed.organisationId, [{ number: MENU_NUMBER, type: 'landline' }]);
});
afterAll(async () => stopWorld(world));
let defaults: Awaited<ReturnType<World['seed']['store']['callRouting']['getDefaults']>>;
beforeAll(async () => {
  defaults = await world.seed.store.callRouting.getDefaults(world.seed.organisationId);
});
afterEach(async () => {
  await expectNothingLeft(world);
  const { store, organisationId, bob, carol, trunk } = world.seed;
  await store.trunks.update(trunk);
  await store.callRouting.setDefaults(organisationId, defaults);
  for (const menu of await store.ivrMenus.list(organisationId)) await store.ivrMenus.delete(organisationId, menu.id);
  // Bob's phone of a rejecting test is gone: his registration goes too, or the next test's call
  // would ring a contact that no longer answers before his unanswered rule applies.
  await store.registrations.removeExpired(new Date(Date.now() + 86_400_000).toISOString());
  await store.outboundRules.set(organisationId, factoryOutboundRules());
  await store.users.setRoutingOverrides(organisationId, bob.record.id, {}, null);
  await store.users.setRoutingOverrides(organisationId, carol.record.id, {}, null);
});

const outside = '+4930123456';
const outsideCaller = '+46701112233';

/**
 * The trunk's setting, and the outside number's country allowed so the forward may go out (R91).
 * This file forwards a dozen calls abroad within a minute, which the toll guard would take for a
 * spike (test/tollFraud.test.ts), so the spike's threshold is raised.
 */
async function trunkPresents(setting: ForwardedCallerId): Promise<void> {
  const { store, organisationId, trunk } = world.seed;
  await store.trunks.update({ ...trunk, forwardedCallerId: setting });
  const rules = factoryOutboundRules();
  await store.outboundRules.set(organisationId, {
    ...rules,
    international: { allowed: true, countries: ['DE'] },
    limits: { ...rules.limits, internationalSpike: { calls: 1000, seconds: 60 } },
  });
}

const forwardTo = (user: 'bob' | 'carol', rule: 'unansweredDestination' | 'rejectedDestination') =>
  world.seed.store.users.setRoutingOverrides(
    world.seed.organisationId,
    world.seed[user].record.id,
    { [rule]: { type: 'externalNumber', number: outside } },
    null,
  );

/** What the carrier's INVITE said, read from the lines uas-carrier-answer.xml logs ("From:[value]"). */
interface CarrierInvite {
  ruri: string;
  from: string;
  pai: string;
  /** Empty when the INVITE had no Diversion header. */
  diversion: string;
}

function carrierInvite(logs: string): CarrierInvite {
  const field = (name: string) => {
    const line = logs.split('\n').find((l) => l.startsWith(`${name}:`));
    if (line === undefined) throw new Error(`the carrier logged no ${name} line:\n${logs}`);
    return line.slice(name.length + 1).trim();
  };
  return { ruri: field('ruri'), from: field('From'), pai: field('PAI'), diversion: field('Diversion') };
}

/** The number of a `<sip:number@host>` name-addr, parameters after it (the From tag) left out. */
function numberOf(nameAddr: string): string {
  const match = /^<sip:([^@>]+)@127\.0\.0\.1>/.exec(nameAddr);
  if (!match) throw new Error(`not a SIP URI of the switch: ${nameAddr}`);
  return match[1]!;
}

/** RFC 5806 §3: `<sip:number@host>;reason=…;counter=…` → its parts. */
function diversionOf(value: string): { number: string; reason: string | undefined; counter: string | undefined } {
  const params = new Map(
    value
      .split(';')
      .slice(1)
      .map((p) => p.split('=') as [string, string]),
  );
  return { number: numberOf(value), reason: params.get('reason'), counter: params.get('counter') };
}

/** Starts the carrier, then runs `placeCall`; returns the INVITE the carrier received. */
async function carrierReceives(
  placeCall: () => Promise<{ code: number | null; output: string; errors: string }>,
): Promise<CarrierInvite> {
  const carrier = startSipp({
    scenario: 'uas-carrier-answer.xml',
    port: world.trunkPort,
    service: 'carrier',
    keys: { rtpport: String(freePort()) },
    pauseMs: 200,
  });
  await untilBound(world.trunkPort);
  const caller = await placeCall();
  expect(caller.code, caller.output + caller.errors).toBe(0);
  const far = await carrier.done;
  expect(far.code, far.output + far.errors).toBe(0);
  return carrierInvite(far.logs);
}

/** R35: calls to the organisation's numbers that are assigned to nothing go to the outside number. */
const unassignedNumbersGoOutside = () =>
  world.seed.setDefaults({
    unassignedNumbers: { action: 'route', destination: { type: 'externalNumber', number: outside } },
  });

/** R75: an IVR menu on MENU_NUMBER with no open hours sends every call to `destination` (the outside number), without a prompt. */
const closedMenuGoesOutside = (destination: Destination = { type: 'externalNumber', number: outside }) =>
  world.seed.store.ivrMenus.create(world.seed.organisationId, {
    name: 'Closed',
    number: MENU_NUMBER,
    billingNumber: null,
    prompts: [],
    keys: {},
    openingHours: { openPeriods: [], exceptions: [] },
    closedPrompt: null,
    closedDestination: destination,
    advanced: defaultIvrAdvancedSettings('sv'),
  });

/**
 * An outside caller dials the menu. The menu step needs an answered caller, so the switch answers
 * before it sends the call on; the caller stays on 3 s after that answer: long enough for
 * the carrier, answering after 200 ms of ringing, to be put through rather than cancelled.
 */
const outsideCallerDialsMenu = () =>
  runSipp({
    scenario: 'trunk-inbound-call.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: MENU_NUMBER,
    keys: { caller: outsideCaller, rtpport: String(freePort()) },
    pauseMs: 3000,
  });

/** An outside caller dials a number of the organisation that is assigned to nothing. */
const outsideCallerDialsUnassigned = () =>
  runSipp({
    scenario: 'trunk-inbound-call.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: world.seed.numbers.unassigned,
    keys: { caller: outsideCaller, rtpport: String(freePort()) },
    pauseMs: 200,
  });

/** An outside caller dials Bob's number over the trunk; Bob has no phone, so his unanswered rule applies at once. */
const outsideCallerDialsBob = () =>
  runSipp({
    scenario: 'trunk-inbound-call.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: world.seed.numbers.bobLandline,
    keys: { caller: outsideCaller, rtpport: String(freePort()) },
    pauseMs: 200,
  });

describe('a trunk set to pass the original caller on with a Diversion (original_with_diversion)', () => {
  it('sends an outside caller forwarded on no answer with their own number, and a Diversion naming the number they dialled', async () => {
    await trunkPresents('original_with_diversion');
    await forwardTo('bob', 'unansweredDestination');
    const invite = await carrierReceives(outsideCallerDialsBob);
    expect(invite.ruri).toBe(outside);
    expect(numberOf(invite.from)).toBe(outsideCaller);
    expect(numberOf(invite.pai)).toBe(outsideCaller);
    expect(diversionOf(invite.diversion)).toEqual({
      number: world.seed.numbers.bobLandline,
      reason: 'no-answer',
      counter: '1',
    });
    expect((await lastCall(world)).path.map((s) => s.type)).toEqual(['user', 'externalNumber', 'trunk']);
  });

  it('sends a colleague’s call that the user rejects with her caller ID, and a Diversion naming the rejecting user’s own number (deflection)', async () => {
    await trunkPresents('original_with_diversion');
    await forwardTo('bob', 'rejectedDestination');
    const bobsPhone = await phone(world, world.seed.bob, 'uas-busy.xml');
    const invite = await carrierReceives(() => call(world, world.seed.alice, '1002'));
    expect((await bobsPhone.done).code).toBe(0);
    expect(numberOf(invite.from)).toBe(world.seed.numbers.aliceLandline);
    expect(numberOf(invite.pai)).toBe(world.seed.numbers.aliceLandline);
    expect(diversionOf(invite.diversion)).toEqual({
      number: world.seed.numbers.bobLandline,
      reason: 'deflection',
      counter: '1',
    });
  });

  it('sends an outside caller whom the unassigned-number rule routes out with their own number, and an unconditional Diversion naming the number dialled', async () => {
    await trunkPresents('original_with_diversion');
    await unassignedNumbersGoOutside();
    const invite = await carrierReceives(outsideCallerDialsUnassigned);
    expect(numberOf(invite.from)).toBe(outsideCaller);
    expect(numberOf(invite.pai)).toBe(outsideCaller);
    expect(diversionOf(invite.diversion)).toEqual({
      number: world.seed.numbers.unassigned,
      reason: 'unconditional',
      counter: '1',
    });
  });

  it('sends an outside caller whom a closed IVR menu sends out with their own number, and an unconditional Diversion naming the menu’s number', async () => {
    await trunkPresents('original_with_diversion');
    await closedMenuGoesOutside();
    const invite = await carrierReceives(outsideCallerDialsMenu);
    expect(numberOf(invite.from)).toBe(outsideCaller);
    expect(numberOf(invite.pai)).toBe(outsideCaller);
    expect(diversionOf(invite.diversion)).toEqual({ number: MENU_NUMBER, reason: 'unconditional', counter: '1' });
  });

  it('names the user who forwarded, not the menu the caller dialled, when the menu sent the call to him and his rule sent it out', async () => {
    await trunkPresents('original_with_diversion');
    await forwardTo('bob', 'unansweredDestination');
    await closedMenuGoesOutside({ type: 'user', userId: world.seed.bob.record.id });
    const invite = await carrierReceives(outsideCallerDialsMenu);
    expect(numberOf(invite.from)).toBe(outsideCaller);
    expect(numberOf(invite.pai)).toBe(outsideCaller);
    expect(diversionOf(invite.diversion)).toEqual({
      number: world.seed.numbers.bobLandline,
      reason: 'no-answer',
      counter: '1',
    });
  });
});

describe('a trunk set to present the organisation’s number (organisation_number)', () => {
  it('sends an outside caller forwarded on no answer with the number they dialled, and no Diversion', async () => {
    await trunkPresents('organisation_number');
    await forwardTo('bob', 'unansweredDestination');
    const invite = await carrierReceives(outsideCallerDialsBob);
    expect(invite.ruri).toBe(outside);
    expect(numberOf(invite.from)).toBe(world.seed.numbers.bobLandline);
    expect(numberOf(invite.pai)).toBe(world.seed.numbers.bobLandline);
    expect(invite.diversion).toBe('');
  });

  it('sends a colleague’s call that the user rejects with the rejecting user’s own number, not hers, and no Diversion', async () => {
    await trunkPresents('organisation_number');
    await forwardTo('bob', 'rejectedDestination');
    const bobsPhone = await phone(world, world.seed.bob, 'uas-busy.xml');
    const invite = await carrierReceives(() => call(world, world.seed.alice, '1002'));
    expect((await bobsPhone.done).code).toBe(0);
    expect(numberOf(invite.from)).toBe(world.seed.numbers.bobLandline);
    expect(numberOf(invite.pai)).toBe(world.seed.numbers.bobLandline);
    expect(invite.diversion).toBe('');
  });

  it('sends an outside caller whom the unassigned-number rule routes out with the number dialled, and no Diversion', async () => {
    await trunkPresents('organisation_number');
    await unassignedNumbersGoOutside();
    const invite = await carrierReceives(outsideCallerDialsUnassigned);
    expect(numberOf(invite.from)).toBe(world.seed.numbers.unassigned);
    expect(numberOf(invite.pai)).toBe(world.seed.numbers.unassigned);
    expect(invite.diversion).toBe('');
  });

  it('sends an outside caller whom a closed IVR menu sends out with the menu’s number, and no Diversion', async () => {
    await trunkPresents('organisation_number');
    await closedMenuGoesOutside();
    const invite = await carrierReceives(outsideCallerDialsMenu);
    expect(numberOf(invite.from)).toBe(MENU_NUMBER);
    expect(numberOf(invite.pai)).toBe(MENU_NUMBER);
    expect(invite.diversion).toBe('');
  });

  it('presents the number of the user who forwarded, not the menu’s, when the menu sent the call to him and his rule sent it out', async () => {
    await trunkPresents('organisation_number');
    await forwardTo('bob', 'unansweredDestination');
    await closedMenuGoesOutside({ type: 'user', userId: world.seed.bob.record.id });
    const invite = await carrierReceives(outsideCallerDialsMenu);
    expect(numberOf(invite.from)).toBe(world.seed.numbers.bobLandline);
    expect(numberOf(invite.pai)).toBe(world.seed.numbers.bobLandline);
    expect(invite.diversion).toBe('');
  });

  it('sends the call of a user without a number of his own with the organisation’s main number', async () => {
    await trunkPresents('organisation_number');
    // Carol has no number and no phone: her unanswered rule applies at once. The main number is
    // the organisation's first landline that is nobody's own (switchDirectory.organisationNumbers).
    await forwardTo('carol', 'unansweredDestination');
    const invite = await carrierReceives(() => call(world, world.seed.alice, '1003'));
    expect(numberOf(invite.from)).toBe(world.seed.numbers.unassigned);
    expect(numberOf(invite.pai)).toBe(world.seed.numbers.unassigned);
    expect(invite.diversion).toBe('');
  });
});
