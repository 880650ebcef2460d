import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { factoryResponseGroupSettings, type ResponseGroup, type ResponseGroupSettings } from '@vaxel/domain';
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
import { createDiskFileStore } from '@vaxel/store';
import { until } from '@vaxel/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
import type { PcapRtp } from './dtmfPcap.ts';
import { bursts, matchPrompt, speak, trimmed } from './rtpCapture.ts';
import { mediaPortFrom, RtpParty } from './rtpParty.ts';
import { freePort, startSipp, untilBound, type SippProcess, type SippRun } from './sipp.ts';
import { call, expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * R11, R74 on real calls: a carrier's caller (sipp through the loopback trunk) calls a response
 * group whose agent Alice is rung on her mobile. The carrier (sipp on the trunk's address) gets
 * the INVITE to her mobile number and puts it through to a "mobile" whose audio is this test's:
 * a socket that talks a tone (Alice's voice, 1800 Hz — far from the music on hold's notes) and
 * presses keys as RFC 4733 events, and that keeps what the switch sends it. The caller's ear is
 * another socket. The caller must hear Alice only after she pressed 1.
 */
const GROUP_NUMBER = '+46812300070';
const NUMERIC_ID = '12';
const CALLER = '+46701234567';
const ALICE_HZ = 1800;
let world: World;
let group: ResponseGroup;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-mobile-it-'));
  const files = createDiskFileStore(join(folder, 'files'));
  const tts = new CachedTextToSpeech({
    engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }),
    folder: join(folder, 'tts'),
  });
  world = await startWorld({
    files,
    prompts: (store) => new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts }),
  });
  const { store, organisationId } = world.seed;
  await store.numbers.allocate(organisationId, [{ number: GROUP_NUMBER, type: 'landline' }]);
  group = await store.responseGroups.create(organisationId, {
    name: 'Support',
    number: GROUP_NUMBER,
    billingNumber: GROUP_NUMBER,
    numericId: NUMERIC_ID,
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
  await expectNothingLeft(world);
});

type SettingsChange = { [S in keyof ResponseGroupSettings]?: Partial<ResponseGroupSettings[S]> };

async function setGroup(change: SettingsChange, agents: ResponseGroup['agents']): Promise<void> {
  const factory = factoryResponseGroupSettings();
  const settings: ResponseGroupSettings = {
    queue: { ...factory.queue, ...change.queue },
    schedule: { ...factory.schedule, ...change.schedule },
    // No wrap-up: each test's agent is free at once for the next test.
    distribution: { ...factory.distribution, wrapUpSeconds: 0, ...change.distribution },
    voicemail: { ...factory.voicemail, ...change.voicemail },
  };
  const current = (await world.seed.store.responseGroups.get(world.seed.organisationId, group.id))!;
  group = await world.seed.store.responseGroups.update(world.seed.organisationId, { ...current, settings, agents });
}

/** Alice's phones are gone: a mobile-only agent is reached through the trunk alone. */
async function withoutRegisteredPhones(user: World['seed']['alice']): Promise<void> {
  const registrations = world.seed.store.registrations;
  for (const r of await registrations.listByUser(world.seed.organisationId, user.record.id, new Date().toISOString())) {
    await registrations.remove(world.seed.organisationId, user.record.id, r.contact);
  }
}

/** 20 ms PCMU frames of `audio` from `atMs`, leaving out the frames within `gaps` (while a key is sent). */
function audioPackets(audio: Int16Array, atMs: number, gaps: Array<[number, number]> = []): PcapRtp[] {
  const packets: PcapRtp[] = [];
  for (let frame = 0; frame * 160 < audio.length; frame++) {
    const at = atMs + frame * 20;
    if (gaps.some(([from, to]) => at >= from && at < to)) continue;
    const samples = audio.subarray(frame * 160, frame * 160 + 160);
    const full = samples.length === 160 ? samples : Int16Array.from({ length: 160 }, (_, i) => samples[i] ?? 0);
    packets.push({
      atMs: at,
      payloadType: 0,
      marker: frame === 0,
      sequenceNumber: 100 + frame,
      timestamp: Math.round(at * 8),
      payload: encodeG711('PCMU', full),
    });
  }
  return packets;
}

/** A key press as RFC 4733 events (§2.5) at `atMs`: 120 ms of updates, the end sent three times. */
function keyPackets(digit: string, atMs: number): PcapRtp[] {
  const packets: PcapRtp[] = [];
  for (let i = 1; i <= 6; i++) {
    const end = i === 6;
    const payload = TelephoneEvent.create({ event: digitToEvent(digit), end, volume: 10, duration: i * 160 }).bytes;
    for (let copy = 0; copy < (end ? 3 : 1); copy++) {
      packets.push({
        atMs: atMs + i * 20 + copy * 5,
        payloadType: 101,
        marker: i === 1 && copy === 0,
        sequenceNumber: 0,
        timestamp: Math.round(atMs * 8),
        payload: new Uint8Array(payload),
      });
    }
  }
  return packets;
}

/** The share of a frame's power at `hz` (1 for a pure tone there, near 0 for other sound). */
function toneShare(samples: Int16Array, hz: number): number {
  let energy = 0;
  for (const s of samples) energy += s * s;
  return energy === 0 ? 0 : (2 * goertzelPower(samples, hz)) / (samples.length * energy);
}

/** When (performance.now()) each PCMU packet the party heard arrived, and whether it carried Alice's tone. */
function heardFrames(party: RtpParty): Array<{ arrivedMs: number; alice: boolean }> {
  return party.arrivals
    .filter((a) => a.payloadType === 0)
    .map((a) => ({ arrivedMs: a.arrivedMs, alice: toneShare(decodeG711('PCMU', a.payload), ALICE_HZ) > 0.5 }));
}

/**
 * Resolves once `party` has heard a stretch of speech as long as `prompt` followed by 600 ms
 * without speech: the prompt said once, the mobile now in the pause before it is said again.
 */
async function heardOnce(party: RtpParty, prompt: Int16Array, timeoutMs = 20_000): Promise<void> {
  const promptFrames = Math.floor(trimmed(prompt).length / 160);
  await until(
    'the mobile heard the prompt once',
    () => {
      const heard = party.heard();
      const [first] = bursts(heard, 30);
      return Boolean(first && first[1] - first[0] >= promptFrames * 0.9 && heard.length / 160 - first[1] >= 30);
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/** The carrier on the trunk's address, putting the switch's call through to a mobile at `rtpPort`. */
async function carrier(rtpPort: number, portfile: string, ringMs: number) {
  const process = startSipp({
    scenario: 'uas-carrier-mobile.xml',
    port: world.trunkPort,
    keys: { rtpport: String(rtpPort), portfile },
    pauseMs: ringMs,
    timeoutSeconds: 45,
  });
  await untilBound(world.trunkPort);
  return process;
}

/** A call from the carrier's caller to the group; its audio goes to `ear`. */
function callGroup(scenario: string, earPort: number, portfile: string, talkMs: number) {
  return startSipp({
    scenario,
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: GROUP_NUMBER,
    keys: { caller: CALLER, rtpport: String(earPort), portfile, payloads: '0 8 101' },
    pauseMs: talkMs,
    timeoutSeconds: 45,
  });
}

/** The switch's media port towards the mobile, once the carrier put the call through; else the peers' output. */
async function switchMediaPort(file: string, ...peers: SippProcess[]): Promise<number> {
  try {
    return await mediaPortFrom(file);
  } catch (error) {
    for (const peer of peers) peer.kill();
    const runs = await Promise.all(peers.map((peer) => peer.done));
    throw new Error(`${String(error)}\n${runs.map((run) => run.output + run.errors).join('\n')}`);
  }
}

const ok = (run: SippRun) => expect(run.code, run.output + run.errors).toBe(0);
let calls = 0;

describe("a response group's agent on their mobile (R11, R74)", () => {
  it("gets the INVITE at their mobile number through the trunk with the caller's number and the group's numeric ID, hears the prompt, and is bridged only after pressing 1", async () => {
    const { alice, organisationId } = world.seed;
    await withoutRegisteredPhones(alice);
    await setGroup({}, [{ userId: alice.record.id, loggedIn: true, reachOn: 'mobile' }]);
    const language = (await world.seed.store.organisations.get(organisationId))!.language;
    const promptText =
      language === 'sv' ? 'Samtal till Support. Tryck 1 för att svara.' : 'Call for Support. Press 1 to answer.';
    const prompt = await speak(promptText, language === 'sv' ? 'sv-SE' : 'en-GB');
    const n = ++calls;
    const [mobilePort, earPort] = [freePort(), freePort()];
    const mobile = await RtpParty.open(mobilePort);
    const ear = await RtpParty.open(earPort, '127.0.0.2');
    const mobileFile = join(folder, `mobile-${n}.port`);
    const callerFile = join(folder, `caller-${n}.port`);
    const trunkSide = await carrier(mobilePort, mobileFile, 300);
    // The caller waits, then stays on with Alice for a few seconds, and hangs up.
    const caller = callGroup('trunk-inbound-talk.xml', earPort, callerFile, 14_000);

    const toSwitch = await switchMediaPort(mobileFile, trunkSide, caller);
    // Alice talks from the answer on; she presses 1 once she has heard the prompt said once.
    const talking = mobile.talk(
      audioPackets(tone({ frequencies: [ALICE_HZ], durationMs: 14_000, amplitude: 0.3 }), 0),
      { address: '127.0.0.1', port: toSwitch },
    );
    await heardOnce(mobile, prompt);
    const pressedAt = performance.now();
    await mobile.talk(keyPackets('1', 0), { address: '127.0.0.1', port: toSwitch });

    ok(await caller.done);
    const trunkRun = await trunkSide.done;
    ok(trunkRun);
    await mobile.close();
    await talking;
    await ear.close();

    expect(trunkRun.logs).toContain('ruri:+46701230001');
    expect(trunkRun.logs).toContain(`From: <sip:${CALLER}${NUMERIC_ID}@127.0.0.1>`);
    expect(trunkRun.logs).toContain(`PAI: <sip:${CALLER}${NUMERIC_ID}@127.0.0.1>`);
    expect(trunkRun.logs).toContain(
      `Diversion: <sip:${GROUP_NUMBER}@127.0.0.1>;reason=unconditional;counter=1;privacy=off`,
    );

    // The mobile heard the prompt, spoken as the switch's TTS says it.
    const mobileHeard = mobile.heard();
    const [first] = bursts(mobileHeard, 30);
    expect(first, 'speech heard on the mobile').toBeDefined();
    const match = matchPrompt(mobileHeard.subarray(first![0] * 160, first![1] * 160), prompt);
    expect(match.durationRatio).toBeGreaterThan(0.9);
    expect(match.durationRatio).toBeLessThan(1.1);
    expect(match.envelopeCorrelation).toBeGreaterThan(0.9);

    // The caller heard music, not Alice, until she pressed 1; then Alice.
    const frames = heardFrames(ear);
    const before = frames.filter((f) => f.arrivedMs < pressedAt);
    expect(before.length, 'the caller heard music on hold while the mobile was asked').toBeGreaterThan(50);
    expect(before.filter((f) => f.alice)).toEqual([]);
    const fromAlice = frames.filter((f) => f.alice);
    expect(fromAlice.length, "Alice's voice reached the caller after the 1").toBeGreaterThan(100);

    expect(await lastCall(world)).toMatchObject({
      responseGroupId: group.id,
      answeredByUserId: alice.record.id,
      outcome: 'answered',
    });
  }, 60_000);

  it('shows a colleague who calls the group by the number the organisation presents for them, with the numeric ID', async () => {
    const { alice, bob } = world.seed;
    await withoutRegisteredPhones(alice);
    await setGroup({}, [{ userId: alice.record.id, loggedIn: true, reachOn: 'mobile' }]);
    const n = ++calls;
    const mobilePort = freePort();
    const mobile = await RtpParty.open(mobilePort);
    const trunkSide = await carrier(mobilePort, join(folder, `mobile-${n}.port`), 200);
    // Bob calls from his phone, waits a moment with the music, and hangs up before Alice presses anything.
    const bobsCall = await call(world, bob, GROUP_NUMBER, 'uac-call.xml', { talkMs: 2500 });
    ok(bobsCall);
    const trunkRun = await trunkSide.done;
    ok(trunkRun);
    await mobile.close();
    // Bob's own number (his landline, the caller ID his settings give him) with the group's ID; never his extension.
    expect(trunkRun.logs).toContain(`From: <sip:${world.seed.numbers.bobLandline}${NUMERIC_ID}@127.0.0.1>`);
    expect(trunkRun.logs).toContain('bye from switch');
    expect(await lastCall(world)).toMatchObject({ responseGroupId: group.id, answeredByUserId: null });
  }, 60_000);

  it("shows the group's own number without Diversion when the trunk presents only the organisation's numbers", async () => {
    const { alice, bob, store, trunk } = world.seed;
    await withoutRegisteredPhones(alice);
    await setGroup({}, [{ userId: alice.record.id, loggedIn: true, reachOn: 'mobile' }]);
    await store.trunks.update({ ...trunk, forwardedCallerId: 'organisation_number' });
    try {
      const n = ++calls;
      const mobilePort = freePort();
      const mobile = await RtpParty.open(mobilePort);
      const trunkSide = await carrier(mobilePort, join(folder, `mobile-${n}.port`), 200);
      const bobsCall = await call(world, bob, GROUP_NUMBER, 'uac-call.xml', { talkMs: 2500 });
      ok(bobsCall);
      const trunkRun = await trunkSide.done;
      ok(trunkRun);
      await mobile.close();
      expect(trunkRun.logs).toContain('ruri:+46701230001');
      expect(trunkRun.logs).toContain(`From: <sip:${GROUP_NUMBER}@127.0.0.1>`);
      expect(trunkRun.logs).toContain(`PAI: <sip:${GROUP_NUMBER}@127.0.0.1>`);
      expect(trunkRun.logs).toContain('Diversion:\n');
    } finally {
      await store.trunks.update(trunk);
    }
  }, 60_000);

  it('lets a colleague whose phone answers while the mobile is still being asked take the call, and ends the mobile leg with BYE', async () => {
    const { alice, bob } = world.seed;
    await setGroup({}, [
      { userId: alice.record.id, loggedIn: true, reachOn: 'mobile' },
      { userId: bob.record.id, loggedIn: true, reachOn: 'phone' },
    ]);
    const n = ++calls;
    const [mobilePort, earPort] = [freePort(), freePort()];
    const mobile = await RtpParty.open(mobilePort);
    const ear = await RtpParty.open(earPort, '127.0.0.2');
    const mobileFile = join(folder, `mobile-${n}.port`);
    const trunkSide = await carrier(mobilePort, mobileFile, 200);
    const bobsPhone = await phone(world, bob, 'uas-answer.xml', { ringMs: 3000 });
    const caller = callGroup('trunk-inbound-talk.xml', earPort, join(folder, `caller-${n}.port`), 5000);

    const toSwitch = await switchMediaPort(mobileFile, trunkSide, caller, bobsPhone);
    // The mobile's own voicemail answered: its greeting talks (ending before Bob answers), and it never presses 1.
    await mobile.talk(audioPackets(tone({ frequencies: [ALICE_HZ], durationMs: 1500, amplitude: 0.3 }), 0), {
      address: '127.0.0.1',
      port: toSwitch,
    });

    const trunkRun = await trunkSide.done;
    ok(trunkRun);
    expect(trunkRun.logs).toContain('bye from switch');
    ok(await bobsPhone.done);
    ok(await caller.done);
    await Promise.all([mobile.close(), ear.close()]);
    expect(heardFrames(ear).filter((f) => f.alice)).toEqual([]);
    expect(await lastCall(world)).toMatchObject({
      responseGroupId: group.id,
      answeredByUserId: bob.record.id,
      outcome: 'answered',
    });
  }, 60_000);

  it('drops a mobile that answers and never presses 1 (BYE) and offers the call to the next agent, whose phone takes it', async () => {
    const { alice, bob } = world.seed;
    await withoutRegisteredPhones(alice);
    await setGroup({ queue: { maxWaitSeconds: 60 }, distribution: { strategy: 'serial' } }, [
      { userId: alice.record.id, loggedIn: true, reachOn: 'mobile' },
      { userId: bob.record.id, loggedIn: true, reachOn: 'phone' },
    ]);
    const n = ++calls;
    const [mobilePort, earPort] = [freePort(), freePort()];
    const mobile = await RtpParty.open(mobilePort);
    const ear = await RtpParty.open(earPort, '127.0.0.2');
    const mobileFile = join(folder, `mobile-${n}.port`);
    const trunkSide = await carrier(mobilePort, mobileFile, 200);
    const bobsPhone = await phone(world, bob, 'uas-answer.xml', { ringMs: 500 });
    const caller = callGroup('trunk-inbound-talk.xml', earPort, join(folder, `caller-${n}.port`), 19_000);

    const toSwitch = await switchMediaPort(mobileFile, trunkSide, caller, bobsPhone);
    // The mobile's voicemail: it talks (its greeting, then what it records is silence) and never presses 1.
    const talking = mobile.talk(audioPackets(tone({ frequencies: [ALICE_HZ], durationMs: 4000, amplitude: 0.3 }), 0), {
      address: '127.0.0.1',
      port: toSwitch,
    });

    const trunkRun = await trunkSide.done;
    ok(trunkRun);
    expect(trunkRun.logs).toContain('bye from switch');
    ok(await bobsPhone.done);
    ok(await caller.done);
    await mobile.close();
    await talking;
    await ear.close();
    expect(heardFrames(ear).filter((f) => f.alice)).toEqual([]);
    const record = await lastCall(world);
    expect(record).toMatchObject({ responseGroupId: group.id, answeredByUserId: bob.record.id, outcome: 'answered' });
    expect(record.path.filter((s) => s.type === 'agentOffered').map((s) => s.name)).toEqual(['Alice', 'Bob']);
  }, 60_000);

  it('sends the caller to the maximum-wait destination while the mobile has not pressed 1, ending the mobile leg with BYE', async () => {
    const { alice } = world.seed;
    await withoutRegisteredPhones(alice);
    await setGroup({ queue: { maxWaitSeconds: 10, limitReachedDestination: { type: 'busyTone' } } }, [
      { userId: alice.record.id, loggedIn: true, reachOn: 'mobile' },
    ]);
    const n = ++calls;
    const [mobilePort, earPort] = [freePort(), freePort()];
    const mobile = await RtpParty.open(mobilePort);
    const ear = await RtpParty.open(earPort, '127.0.0.2');
    const mobileFile = join(folder, `mobile-${n}.port`);
    const trunkSide = await carrier(mobilePort, mobileFile, 200);
    const caller = callGroup('trunk-ivr-caller-silent.xml', earPort, join(folder, `caller-${n}.port`), 0);

    const toSwitch = await switchMediaPort(mobileFile, trunkSide, caller);
    const talking = mobile.talk(
      audioPackets(tone({ frequencies: [ALICE_HZ], durationMs: 20_000, amplitude: 0.3 }), 0),
      { address: '127.0.0.1', port: toSwitch },
    );

    const trunkRun = await trunkSide.done;
    ok(trunkRun);
    expect(trunkRun.logs).toContain('bye from switch');
    const callerRun = await caller.done;
    ok(callerRun);
    expect(callerRun.logs).toContain('bye from switch');
    await mobile.close();
    await talking;
    await ear.close();
    expect(heardFrames(ear).filter((f) => f.alice)).toEqual([]);
    const record = await lastCall(world);
    expect(record).toMatchObject({ responseGroupId: group.id, answeredByUserId: null });
    expect(record.path.map((s) => s.type)).toContain('responseGroup');
    expect(record.path.map((s) => s.type)).not.toContain('user');
  }, 60_000);
});
