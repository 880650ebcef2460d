import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  factoryResponseGroupSettings,
  type CallRecord,
  type ResponseGroup,
  type ResponseGroupSettings,
} from '@vaxel/domain';
import {
  CachedTextToSpeech,
  decodeG711,
  digitToEvent,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  goertzelPower,
  TelephoneEvent,
  tone,
} from '@vaxel/media';
import { createDiskFileStore, type FileStore } from '@vaxel/store';
import { until } from '@vaxel/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
import { spokenNumberGroups } from '../src/queue/callback/callbackNumber.ts';
import { callbackOffer, callbackPhrases, confirmNumber, speak } from '../src/queue/callback/callbackPhrases.ts';
import type { PcapRtp } from './dtmfPcap.ts';
import { mediaPortFrom, RtpParty } from './rtpParty.ts';
import { freePort, startSipp, type SippProcess, type SippRun } from './sipp.ts';
import { expectNothingLeft, registerPhone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * R14 "callback that keeps the caller's place", on real calls: caller A (sipp through the trunk,
 * its audio a socket of this test) waits in a group with no agent logged in, hears the callback
 * offer, presses 1 and confirms their own number with 1 (RFC 4733 from the test's socket), and is
 * hung up; caller B queues behind. Then the agent (a sipp phone registered as Alice) logs in: her
 * phone is rung first with the callback, then the carrier (a sipp UAS on the trunk) receives the
 * INVITE to A's number and answers, and each side's tone reaches the other; only then is B
 * offered. The prompts are checked as the audio A heard against the same PromptAudio's output.
 */
const GROUP_NUMBER = '+46812300070';
const A_NUMBER = '+46701112233';
const B_NUMBER = '+46709998877';
const AGENT_HZ = 1209;
const PARTY_HZ = 697;

let world: World;
let folder: string;
let files: FileStore;
let prompts: LibraryPromptAudio;
let group: ResponseGroup;
const parties: RtpParty[] = [];
const processes: SippProcess[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-callback-it-'));
  files = createDiskFileStore(join(folder, 'files'));
  const tts = new CachedTextToSpeech({
    engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }),
    folder: join(folder, 'tts'),
  });
  world = await startWorld({
    files,
    prompts: (store) => {
      prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts });
      return prompts;
    },
  });
  const { store, organisationId } = world.seed;
  await store.numbers.allocate(organisationId, [{ number: GROUP_NUMBER, type: 'landline' }]);
  group = await store.responseGroups.create(organisationId, {
    name: 'Support',
    number: GROUP_NUMBER,
    billingNumber: GROUP_NUMBER,
    numericId: '70',
    agents: [],
    supervisorIds: [],
    settings: factoryResponseGroupSettings(),
  });
});
afterAll(async () => {
  await stopWorld(world);
  await rm(folder, { recursive: true, force: true });
});
afterEach(async () => {
  for (const p of processes.splice(0)) p.kill();
  for (const party of parties.splice(0)) await party.close();
  await expectNothingLeft(world);
});

/** The group: callbacks on (key 1, offered at once), no other announcement, no wrap-up; Alice logged in or not. */
async function setGroup(
  aliceLoggedIn: boolean,
  callback: Partial<ResponseGroupSettings['queue']['callback']> = {},
): Promise<void> {
  const factory = factoryResponseGroupSettings();
  const settings: ResponseGroupSettings = {
    ...factory,
    queue: {
      ...factory.queue,
      whenNoAgents: 'wait',
      announcePosition: false,
      announceExpectedWait: false,
      callback: { ...factory.queue.callback, enabled: true, key: '1', offerAfterSeconds: 0, ...callback },
    },
    distribution: { ...factory.distribution, wrapUpSeconds: 0 },
  };
  const current = (await world.seed.store.responseGroups.get(world.seed.organisationId, group.id))!;
  group = await world.seed.store.responseGroups.update(world.seed.organisationId, {
    ...current,
    settings,
    agents: [{ userId: world.seed.alice.record.id, loggedIn: aliceLoggedIn, reachOn: 'phone' }],
  });
}

async function party(address = '127.0.0.1'): Promise<{ port: number; party: RtpParty }> {
  const port = freePort();
  const opened = await RtpParty.open(port, address);
  parties.push(opened);
  return { port, party: opened };
}

/**
 * Every PCMU packet a party received, back to back: the switch sends a prompt as unbroken 20 ms
 * frames, so arrival jitter on a busy machine must not be read as pauses within it.
 */
function received(p: RtpParty): Int16Array {
  const frames = p.arrivals.filter((a) => a.payloadType === 0).map((a) => decodeG711('PCMU', a.payload));
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  frames.reduce((at, f) => (out.set(f, at), at + f.length), 0);
  return out;
}

function started(process: SippProcess): SippProcess {
  processes.push(process);
  return process;
}

async function succeeded(process: SippProcess): Promise<SippRun> {
  const run = await process.done;
  expect(run.code, run.output + run.errors).toBe(0);
  return run;
}

let presses = 0;

/**
 * A key press as RFC 4733 events (§2.5), as a phone sends it: each press its own RTP timestamp
 * and sequence numbers, since a receiver takes events of one timestamp for one press.
 */
function keyPackets(digit: string): PcapRtp[] {
  const press = ++presses;
  const packets: PcapRtp[] = [];
  for (let i = 1; i <= 6; i++) {
    const end = i === 6;
    const payload = TelephoneEvent.create({ event: digitToEvent(digit), end, volume: 10, duration: i * 160 }).bytes;
    for (let copy = 0; copy < (end ? 3 : 1); copy++)
      packets.push({
        atMs: i * 20 + copy * 5,
        payloadType: 101,
        marker: i === 1 && copy === 0,
        sequenceNumber: press * 100 + i * 3 + copy,
        timestamp: press * 16000,
        payload: new Uint8Array(payload),
      });
  }
  return packets;
}

/** 20 ms PCMU frames of a tone, as a party talks. */
function tonePackets(hz: number, ms: number): PcapRtp[] {
  const audio = tone({ frequencies: [hz], durationMs: ms, amplitude: 0.3 });
  const packets: PcapRtp[] = [];
  for (let frame = 0; frame * 160 < audio.length; frame++) {
    packets.push({
      atMs: frame * 20,
      payloadType: 0,
      marker: frame === 0,
      sequenceNumber: 100 + frame,
      timestamp: frame * 160,
      payload: encodeG711('PCMU', audio.subarray(frame * 160, frame * 160 + 160)),
    });
  }
  return packets;
}

/** A phrase as the switch speaks it to this organisation (the same PromptAudio), as G.711 carries it. */
async function phrase(text: string): Promise<Int16Array> {
  const samples = await prompts.samples(world.seed.organisationId, speak('sv', text));
  const out = new Int16Array(samples.length);
  for (let at = 0; at < samples.length; at += 160)
    out.set(decodeG711('PCMU', encodeG711('PCMU', samples.subarray(at, at + 160))), at);
  return out;
}

/** Where in `heard` (from `from`) `expected` sits best, by normalised correlation at 20 ms steps, refined to the sample. */
function find(heard: Int16Array, expected: Int16Array, from = 0): { at: number; correlation: number } {
  const correlate = (at: number) => {
    let sum = 0;
    let a = 0;
    let b = 0;
    for (let i = 0; i < expected.length && at + i < heard.length; i++) {
      sum += heard[at + i]! * expected[i]!;
      a += heard[at + i]! * heard[at + i]!;
      b += expected[i]! * expected[i]!;
    }
    return a === 0 || b === 0 ? 0 : sum / Math.sqrt(a * b);
  };
  let best = { at: -1, correlation: -1 };
  for (let at = from; at + expected.length <= heard.length; at += 160) {
    const c = correlate(at);
    if (c > best.correlation) best = { at, correlation: c };
  }
  for (
    let at = Math.max(from, best.at - 160);
    best.at >= 0 && at <= best.at + 160 && at + expected.length <= heard.length;
    at++
  ) {
    const c = correlate(at);
    if (c > best.correlation) best = { at, correlation: c };
  }
  return best;
}

// Each check correlates everything heard so far: every 200 ms is often enough; a busy machine may take 20 s.
const patiently = { timeoutMs: 20_000, intervalMs: 200 };

/** The share of a block's power at `hz` (1 for a pure tone there). */
function toneShare(samples: Int16Array, hz: number): number {
  let energy = 0;
  for (const s of samples) energy += s * s;
  return energy === 0 ? 0 : (2 * goertzelPower(samples, hz)) / (samples.length * energy);
}

const blocks = (samples: Int16Array) =>
  Array.from({ length: Math.floor(samples.length / 800) }, (_, i) => samples.subarray(i * 800, (i + 1) * 800));

/**
 * Caller A through the trunk asks for a callback on their own number: waits for the offer, presses
 * 1, waits for the question, presses 1, and is hung up by the switch. Returns what A heard.
 */
async function askForCallback(): Promise<Int16Array> {
  const [offer, question] = await Promise.all([
    phrase(callbackOffer('sv', '1')),
    phrase(confirmNumber('sv', spokenNumberGroups(A_NUMBER, 'SE'))),
  ]);
  const a = await party('127.0.0.2');
  const portfile = join(folder, `a-${freePort()}.port`);
  const caller = started(
    startSipp({
      scenario: 'trunk-callback-caller.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: GROUP_NUMBER,
      keys: { caller: A_NUMBER, rtpport: String(a.port), portfile },
      timeoutSeconds: 60,
    }),
  );
  const to = { address: '127.0.0.1', port: await mediaPortFrom(portfile) };
  // The offer is the first announcement; a key pressed during it counts once it has been said.
  await until('A heard the callback offer', () => find(received(a.party), offer).correlation > 0.8, patiently);
  const pressedAt = received(a.party).length;
  await a.party.talk(keyPackets('1'), to);
  await until(
    'A heard the number read back',
    () => find(received(a.party), question.subarray(0, 8000), pressedAt).correlation > 0.8,
    patiently,
  );
  await a.party.talk(keyPackets('1'), to);
  await succeeded(caller);
  return received(a.party);
}

/** The calls `number` placed to the group, newest first, once ended. */
async function callsFrom(number: string): Promise<CallRecord[]> {
  let calls: CallRecord[] = [];
  await until(
    `the calls from ${number} ended`,
    async () => {
      calls = (
        await world.seed.store.calls.search(world.seed.organisationId, { number, direction: 'inbound', limit: 10 })
      ).calls;
      return calls.every((c) => c.endedAt !== null);
    },
    { ...patiently, timeoutMs: 60_000 },
  );
  return calls;
}

async function callbackOf(asked: CallRecord): Promise<CallRecord> {
  let found: CallRecord | undefined;
  await until(
    'the callback ended',
    async () => {
      found = (
        await world.seed.store.calls.search(world.seed.organisationId, { callbackForCallId: asked.id, limit: 1 })
      ).calls[0];
      return Boolean(found?.endedAt);
    },
    { ...patiently, timeoutMs: 60_000 },
  );
  return found!;
}

/** Alice's phone: registered, then answering `calls` calls for the test's audio (each ended by the switch's BYE). */
async function alicesPhone(calls: number, rtpPort: number, portfile: string): Promise<SippProcess> {
  const port = freePort();
  const { alice } = world.seed;
  for (const r of await world.seed.store.registrations.listByUser(
    world.seed.organisationId,
    alice.record.id,
    new Date().toISOString(),
  )) {
    await world.seed.store.registrations.remove(world.seed.organisationId, alice.record.id, r.contact);
  }
  await registerPhone(world, alice, port);
  return started(
    startSipp({
      scenario: 'uas-answer-talk.xml',
      port,
      service: alice.username,
      keys: { rtpport: String(rtpPort), portfile },
      pauseMs: 200,
      timeoutSeconds: 90,
      extra: ['-m', String(calls)],
    }),
  );
}

describe('a callback that keeps the caller’s place (R14)', () => {
  it('rings the agent first, then the caller through the trunk, bridges them both ways, and only then offers the caller queued behind', async () => {
    await setGroup(false);
    const heardByA = await askForCallback();
    // What A heard: the offer, the number read back, the thanks — in that order, as spoken.
    const thanks = await phrase(callbackPhrases.thanks.sv);
    const offerAt = find(heardByA, await phrase(callbackOffer('sv', '1')));
    const questionAt = find(
      heardByA,
      (await phrase(confirmNumber('sv', spokenNumberGroups(A_NUMBER, 'SE')))).subarray(0, 8000),
      offerAt.at,
    );
    const thanksAt = find(heardByA, thanks, questionAt.at);
    expect([offerAt.correlation, questionAt.correlation, thanksAt.correlation].every((c) => c > 0.8)).toBe(true);
    expect(offerAt.at < questionAt.at && questionAt.at < thanksAt.at).toBe(true);

    const [asked] = await callsFrom(A_NUMBER);
    expect(asked).toMatchObject({
      direction: 'inbound',
      responseGroupId: group.id,
      outcome: 'callback',
      answeredByUserId: null,
    });
    expect(asked!.path.map((s) => `${s.type}:${s.name}`)).toEqual(['responseGroup:Support', `callback:${A_NUMBER}`]);
    await until(
      'the callback is in the live view',
      () => world.sw.queueLive.group(world.seed.organisationId, group.id).callbacks.length === 1,
      patiently,
    );
    expect(world.sw.queueLive.group(world.seed.organisationId, group.id).callbacks[0]).toMatchObject({
      number: A_NUMBER,
      position: 1,
      attempts: 0,
      state: 'waiting',
    });

    // B calls and queues behind the callback.
    const b = await party('127.0.0.2');
    const bFile = join(folder, `b-${freePort()}.port`);
    const callerB = started(
      startSipp({
        scenario: 'trunk-inbound-talk.xml',
        port: freePort(),
        address: '127.0.0.2',
        remotePort: world.switchPort,
        service: GROUP_NUMBER,
        keys: { caller: B_NUMBER, rtpport: String(b.port), portfile: bFile },
        pauseMs: 25_000,
        timeoutSeconds: 60,
      }),
    );
    await mediaPortFrom(bFile);
    await until(
      'B is in the queue',
      () => world.sw.queueLive.group(world.seed.organisationId, group.id).queue.length === 1,
      patiently,
    );
    expect(world.sw.queueLive.group(world.seed.organisationId, group.id).queue[0]).toMatchObject({
      fromNumber: B_NUMBER,
      position: 2,
    });

    // The carrier answers the callback and talks; Alice's phone answers both calls.
    const partyAudio = await party();
    const partyFile = join(folder, `party-${freePort()}.port`);
    const carrier = started(
      startSipp({
        scenario: 'uas-carrier-callback.xml',
        port: world.trunkPort,
        service: 'carrier',
        keys: { rtpport: String(partyAudio.port), portfile: partyFile },
        pauseMs: 4000,
        timeoutSeconds: 60,
      }),
    );
    const agentAudio = await party();
    const agentFile = join(folder, `agent-${freePort()}.port`);
    const agent = await alicesPhone(2, agentAudio.port, agentFile);
    await setGroup(true);

    const [toParty, toAgent] = await Promise.all([mediaPortFrom(partyFile), mediaPortFrom(agentFile)]);
    await Promise.all([
      partyAudio.party.talk(tonePackets(PARTY_HZ, 3000), { address: '127.0.0.1', port: toParty }),
      agentAudio.party.talk(tonePackets(AGENT_HZ, 3000), { address: '127.0.0.1', port: toAgent }),
    ]);
    const carrierRun = await succeeded(carrier);
    expect(carrierRun.logs).toContain(`Request-URI:sip:${A_NUMBER}@127.0.0.1:${world.trunkPort}`);
    expect(carrierRun.logs).toContain(`From: <sip:${GROUP_NUMBER}@127.0.0.1>;tag=`);
    // Each heard the other: the party Alice's tone, Alice the party's (after her prompt and ringback).
    expect(
      blocks(received(partyAudio.party)).some((block) => toneShare(block, AGENT_HZ) > 0.5),
      'the party hears the agent',
    ).toBe(true);
    expect(
      blocks(received(agentAudio.party)).some((block) => toneShare(block, PARTY_HZ) > 0.5),
      'the agent hears the party',
    ).toBe(true);

    const callback = await callbackOf(asked!);
    expect(callback).toMatchObject({
      direction: 'outbound',
      fromNumber: GROUP_NUMBER,
      toNumber: A_NUMBER,
      responseGroupId: group.id,
      answeredByUserId: world.seed.alice.record.id,
      outcome: 'answered',
      callbackForCallId: asked!.id,
    });
    expect(callback.path.map((s) => s.type)).toEqual(['callback', 'agentOffered', 'user', 'externalNumber']);

    // Then B: Alice's second call, answered after the callback ended.
    await succeeded(callerB);
    const agentRun = await succeeded(agent);
    const froms = agentRun.logs.split('\n').filter((line) => line.includes('From:'));
    expect(froms).toHaveLength(2);
    expect(froms[0]).toContain(`Återuppringning: ${A_NUMBER}`);
    expect(froms[1]).toContain(B_NUMBER);
    const [recordB] = await callsFrom(B_NUMBER);
    expect(recordB).toMatchObject({ answeredByUserId: world.seed.alice.record.id, outcome: 'answered' });
    // B was answered by the switch on joining the queue (music); Alice took B after the callback.
    const aliceTookB = recordB!.path.find((s) => s.type === 'user')!;
    expect(Date.parse(aliceTookB.at)).toBeGreaterThanOrEqual(Date.parse(callback.endedAt!));
  }, 120_000);

  it('tries a party who does not answer again after the retry interval, then gives up and logs the callback missed', async () => {
    await setGroup(false, { retries: 1, retryIntervalSeconds: 30 });
    await askForCallback();
    const [asked] = await callsFrom(A_NUMBER);

    // The carrier answers both attempts busy; Alice answers both and is told.
    const carrier = started(
      startSipp({
        scenario: 'uas-busy.xml',
        port: world.trunkPort,
        service: 'carrier',
        pauseMs: 200,
        timeoutSeconds: 90,
        extra: ['-m', '2'],
      }),
    );
    const agentAudio = await party();
    const agent = await alicesPhone(2, agentAudio.port, join(folder, `agent-${freePort()}.port`));
    await setGroup(true, { retries: 1, retryIntervalSeconds: 30 });

    const live = () => world.sw.queueLive.group(world.seed.organisationId, group.id).callbacks[0];
    await until('the first attempt failed', () => live()?.state === 'retryWaiting', {
      ...patiently,
      timeoutMs: 40_000,
    });
    expect(live()).toMatchObject({ number: A_NUMBER, attempts: 1, position: 1 });
    await succeeded(carrier);
    await succeeded(agent);
    const callback = await callbackOf(asked!);
    expect(callback).toMatchObject({
      outcome: 'missed',
      answeredAt: null,
      callbackForCallId: asked!.id,
      toNumber: A_NUMBER,
    });
    expect(callback.path.map((s) => s.type)).toEqual([
      'callback',
      'agentOffered',
      'user',
      'externalNumber',
      'user',
      'externalNumber',
    ]);
    const [first, second] = callback.path.filter((s) => s.type === 'externalNumber');
    expect(Date.parse(second!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(30_000);
    expect(world.sw.queueLive.group(world.seed.organisationId, group.id).callbacks).toEqual([]);
    // Alice heard "Kunden svarade inte" after each attempt: speech, not a tone, in her audio.
    const told = await phrase(callbackPhrases.customerDidNotAnswer.sv);
    expect(find(received(agentAudio.party), told).correlation).toBeGreaterThan(0.8);
  }, 120_000);
});
