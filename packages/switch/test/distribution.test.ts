import { createSocket, type Socket } from 'node:dgram';
import { factoryResponseGroupSettings, type DistributionSettings, type ResponseGroup } from '@vaxel/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SeededUser } from './fixtures.ts';
import { freePort, startSipp, type SippProcess, type SippRun } from './sipp.ts';
import {
  expectNothingLeft,
  lastCall,
  phone,
  registerPhone,
  startWorld,
  stopWorld,
  type World,
} from './switchHarness.ts';

/**
 * Who a response group's calls go to, by its distribution strategy (R16), on real calls: sipp
 * phones registered as Alice, Bob and Carol (the group's agents, in that order), a sipp caller
 * from the carrier's address calling the group's number, one call after another. Each call's
 * record names the agent who answered; the sequence of those names is the distribution order.
 * Every test starts its own switch, so what the queue knows of the agents (when each one's last
 * call ended, how many calls they answered today, where round robin stopped) starts afresh.
 */
const GROUP_NUMBER = '+46812300050';
const CALLER = '+46701112233';
let world: World;
let group: ResponseGroup;
const closers: Array<() => void> = [];
/** The random strategy's source; a test fixes it. */
let random: () => number = Math.random;

beforeEach(async () => {
  random = Math.random;
  world = await startWorld({ switch: { distributionRandom: () => random() } });
  const { store, organisationId, alice, bob, carol } = world.seed;
  await store.numbers.allocate(organisationId, [{ number: GROUP_NUMBER, type: 'landline' }]);
  group = await store.responseGroups.create(organisationId, {
    name: 'Support',
    number: GROUP_NUMBER,
    billingNumber: GROUP_NUMBER,
    numericId: '50',
    agents: [alice, bob, carol].map((u) => ({ userId: u.record.id, loggedIn: true, reachOn: 'phone' as const })),
    supervisorIds: [],
    settings: factoryResponseGroupSettings(),
  });
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await expectNothingLeft(world);
  await stopWorld(world);
});

/** The group distributes by `strategy`; the shortest ring time the settings allow (5 s) and no wrap-up, so calls follow each other at once. */
async function distribute(
  strategy: DistributionSettings['strategy'],
  change: Partial<DistributionSettings> = {},
): Promise<void> {
  const { store, organisationId } = world.seed;
  const current = (await store.responseGroups.get(organisationId, group.id))!;
  const distribution: DistributionSettings = {
    ...current.settings.distribution,
    strategy,
    ringSecondsPerAgent: 5,
    wrapUpSeconds: 0,
    ...change,
  };
  group = await store.responseGroups.update(organisationId, {
    ...current,
    settings: { ...current.settings, distribution },
  });
}

/** `user`'s phone answers the next `calls` calls it is offered at once, talks 300 ms and hangs up. */
function answeringPhone(user: SeededUser, calls: number): Promise<SippProcess> {
  return phone(world, user, 'uas-answer-hangup.xml', { ringMs: 300, extra: ['-m', String(calls)] });
}

/** A phone registered for `user` that is only a UDP socket keeping what it is sent: it never answers. */
async function silentPhone(user: SeededUser): Promise<{ invites(): number }> {
  const port = freePort();
  await registerPhone(world, user, port);
  const socket: Socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (bytes) => received.push(bytes.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  closers.push(() => socket.close());
  return { invites: () => received.filter((m) => m.startsWith('INVITE ')).length };
}

/** One call from the carrier to the group; the caller waits until the switch hangs up (after the agent did). */
function callGroup(): Promise<SippRun> {
  return startSipp({
    scenario: 'trunk-ivr-caller-silent.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: GROUP_NUMBER,
    keys: { caller: CALLER, rtpport: String(freePort()), payloads: '0 8 101' },
    timeoutSeconds: 60,
  }).done;
}

const names = (world: World) =>
  new Map([world.seed.alice, world.seed.bob, world.seed.carol].map((u) => [u.record.id, u.record.name]));

/** `count` calls to the group one after another: the name of the agent who answered each. */
async function callsAnsweredBy(count: number): Promise<Array<string | null>> {
  const answered: Array<string | null> = [];
  for (let i = 0; i < count; i++) {
    const run = await callGroup();
    expect(run.code, run.output + run.errors).toBe(0);
    const record = await lastCall(world);
    expect(record.responseGroupId).toBe(group.id);
    answered.push(
      record.answeredByUserId === null ? null : (names(world).get(record.answeredByUserId) ?? record.answeredByUserId),
    );
  }
  return answered;
}

async function expectPhonesDone(...phones: SippProcess[]): Promise<void> {
  for (const run of await Promise.all(phones.map((p) => p.done))) expect(run.code, run.output + run.errors).toBe(0);
}

describe('distribution strategies on real calls (R16)', () => {
  it('serial: every call starts at the first agent of the group', async () => {
    await distribute('serial');
    const { alice, bob, carol } = world.seed;
    const alices = await answeringPhone(alice, 3);
    const bobs = await silentPhone(bob);
    const carols = await silentPhone(carol);
    expect(await callsAnsweredBy(3)).toEqual(['Alice', 'Alice', 'Alice']);
    await expectPhonesDone(alices);
    expect([bobs.invites(), carols.invites()]).toEqual([0, 0]);
  }, 60_000);

  it('round robin: each call goes to the agent after the one offered last, wrapping, also after the group is saved again', async () => {
    await distribute('roundRobin');
    const { alice, bob, carol } = world.seed;
    const phones = [await answeringPhone(alice, 2), await answeringPhone(bob, 1), await answeringPhone(carol, 1)];
    const first = await callsAnsweredBy(2);
    // A settings change reloads the group; round robin remembers where it stopped.
    await distribute('roundRobin', { ringSecondsPerAgent: 6 });
    const then = await callsAnsweredBy(2);
    expect([...first, ...then]).toEqual(['Alice', 'Bob', 'Carol', 'Alice']);
    await expectPhonesDone(...phones);
  }, 90_000);

  it('longest idle: the agent whose last call (any call) ended longest ago, one who has had none first', async () => {
    await distribute('longestIdle');
    const { alice, bob, carol } = world.seed;
    const phones = [await answeringPhone(alice, 2), await answeringPhone(bob, 2), await answeringPhone(carol, 1)];
    // Bob takes a call to his own number first: his last call ended before anyone's queue call.
    const direct = await startSipp({
      scenario: 'trunk-ivr-caller-silent.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: world.seed.numbers.bobLandline,
      keys: { caller: CALLER, rtpport: String(freePort()), payloads: '0 8 101' },
    }).done;
    expect(direct.code, direct.output + direct.errors).toBe(0);
    expect((await lastCall(world)).answeredByUserId).toBe(bob.record.id);
    // Alice and Carol have had no call: Alice (first in the group), Carol, then Bob (idle longest), then Alice.
    expect(await callsAnsweredBy(4)).toEqual(['Alice', 'Carol', 'Bob', 'Alice']);
    await expectPhonesDone(...phones);
  }, 90_000);

  it('fewest calls: the agent who answered the fewest of the group’s calls today, ties by the group’s order', async () => {
    await distribute('fewestCalls');
    const { store, organisationId, alice, bob, carol } = world.seed;
    await store.responseGroups.setAgentLoggedIn(organisationId, group.id, alice.record.id, false);
    const phones = [await answeringPhone(alice, 2), await answeringPhone(bob, 1), await answeringPhone(carol, 1)];
    const whileAliceIsOut = await callsAnsweredBy(2);
    await store.responseGroups.setAgentLoggedIn(organisationId, group.id, alice.record.id, true);
    // Alice has answered none, Bob and Carol one each: Alice; then all have one, and Alice is first.
    expect([...whileAliceIsOut, ...(await callsAnsweredBy(2))]).toEqual(['Bob', 'Carol', 'Alice', 'Alice']);
    await expectPhonesDone(...phones);
  }, 90_000);

  it('ring all: every idle agent rings at once; the first to answer takes the call and the others are cancelled', async () => {
    await distribute('ringAll');
    const { alice, bob, carol } = world.seed;
    const alices = await phone(world, alice, 'uas-answer-hangup.xml', { ringMs: 300 });
    const bobs = await phone(world, bob, 'uas-ring-cancelled.xml');
    const carols = await phone(world, carol, 'uas-ring-cancelled.xml');
    // Bob's and Carol's phones ring and are cancelled once Alice answered (their scenarios fail on anything else).
    expect(await callsAnsweredBy(1)).toEqual(['Alice']);
    await expectPhonesDone(alices, bobs, carols);
  }, 60_000);

  it('random: each call to the agent the random source picks, every agent an equal share of it', async () => {
    await distribute('random');
    const { alice, bob, carol } = world.seed;
    const draws = [0.9, 0.1, 0.5, 0.4];
    let drawn = 0;
    random = () => draws[drawn++ % draws.length]!;
    const phones = [await answeringPhone(alice, 1), await answeringPhone(bob, 2), await answeringPhone(carol, 1)];
    // Three idle agents: [0, ⅓) is Alice, [⅓, ⅔) Bob, [⅔, 1) Carol.
    expect(await callsAnsweredBy(4)).toEqual(['Carol', 'Alice', 'Bob', 'Bob']);
    expect(drawn).toBe(4);
    await expectPhonesDone(...phones);
  }, 90_000);

  it('ring time: an agent who does not answer within it is cancelled and the next agent rings', async () => {
    await distribute('serial');
    const { alice, bob } = world.seed;
    const alices = await phone(world, alice, 'uas-ring-cancelled.xml');
    const bobs = await answeringPhone(bob, 1);
    expect(await callsAnsweredBy(1)).toEqual(['Bob']);
    await expectPhonesDone(alices, bobs);
    const record = await lastCall(world);
    expect(record.path.filter((s) => s.type === 'agentOffered').map((s) => s.name)).toEqual(['Alice', 'Bob']);
  }, 60_000);
});
