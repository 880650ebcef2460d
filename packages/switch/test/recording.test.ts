import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CachedTextToSpeech,
  digitToEvent,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  goertzelPower,
  parseWav,
  TelephoneEvent,
  tone,
  wavSamples,
} from '@vaxel/media';
import { factoryResponseGroupSettings } from '@vaxel/domain';
import { createDiskFileStore, fileKeys, type FileStore } from '@vaxel/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtInAnnouncement } from '../src/flow/callRecording.ts';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
import type { PcapRtp } from './dtmfPcap.ts';
import { matchPrompt, speak } from './rtpCapture.ts';
import { mediaPortFrom, RtpParty } from './rtpParty.ts';
import { freePort, startSipp } from './sipp.ts';
import { expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * R56, R77 on real calls: a carrier's caller (sipp through the loopback trunk) calls Bob, whose
 * phone (sipp) answers; each plays a known tone (the caller 697 Hz, Bob 1209 Hz) and a socket of
 * this test stands where each says its audio goes (its ear). The recording is read back from the
 * file store and checked as audio (Goertzel), the announcement as what each ear heard.
 */
const CALLER_HZ = 697;
const CALLEE_HZ = 1209;
/** What the caller says before pressing *1 in the on-demand test, never to be in the recording. */
const BEFORE_KEY_HZ = 852;

let world: World;
let folder: string;
let files: FileStore;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-recording-'));
  files = createDiskFileStore(folder);
  const tts = new CachedTextToSpeech({ engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }) });
  world = await startWorld({
    files,
    prompts: (store) => new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts }),
  });
});
afterAll(async () => {
  await stopWorld(world);
  await rm(folder, { recursive: true, force: true });
});
afterEach(async () => {
  await expectNothingLeft(world);
  for (const policy of await world.seed.store.recordings.listPolicies(world.seed.organisationId)) {
    await world.seed.store.recordings.deletePolicy(world.seed.organisationId, policy.id);
  }
});

/** 20 ms PCMU frames of `audio`, from `atMs`, for a pcap. */
function audioPackets(audio: Int16Array, atMs: number): PcapRtp[] {
  const packets: PcapRtp[] = [];
  for (let frame = 0; frame * 160 < audio.length; frame++) {
    const samples = audio.subarray(frame * 160, frame * 160 + 160);
    const full = samples.length === 160 ? samples : Int16Array.from({ length: 160 }, (_, i) => samples[i] ?? 0);
    packets.push({
      atMs: atMs + frame * 20,
      payloadType: 0,
      marker: frame === 0 && atMs === 0,
      sequenceNumber: 100 + frame,
      timestamp: Math.round((atMs + frame * 20) * 8),
      payload: encodeG711('PCMU', full),
    });
  }
  return packets;
}

/** A key press as RFC 4733 events (§2.5) at `atMs`, as a phone sends it instead of audio. */
function keyPackets(digit: string, atMs: number): PcapRtp[] {
  const packets: PcapRtp[] = [];
  const frames = 6;
  for (let i = 1; i <= frames; i++) {
    const end = i === frames;
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

const toneFor = (hz: number, ms: number) => tone({ frequencies: [hz], durationMs: ms, amplitude: 0.3 });

/** The share of a block's power at `hz` (1 for a pure tone there, near 0 for other sound). */
function toneShare(samples: Int16Array, hz: number): number {
  let energy = 0;
  for (const s of samples) energy += s * s;
  return energy === 0 ? 0 : (2 * goertzelPower(samples, hz)) / (samples.length * energy);
}

/** The recording's channels (stereo: the caller left, the callee right). */
async function recordingOf(recordingId: string): Promise<{ left: Int16Array; right: Int16Array; channels: number }> {
  const bytes = await files.get(fileKeys.recording(world.seed.organisationId, recordingId));
  expect(bytes, 'the recording is in the file store').not.toBeNull();
  const wav = parseWav(bytes!);
  const interleaved = wavSamples(wav);
  const left = new Int16Array(interleaved.length / 2);
  const right = new Int16Array(interleaved.length / 2);
  for (let i = 0; i < left.length; i++) {
    left[i] = interleaved[2 * i]!;
    right[i] = interleaved[2 * i + 1]!;
  }
  return { left, right, channels: wav.channels };
}

const rms = (samples: Int16Array) =>
  Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / Math.max(1, samples.length));

/** The start of the first 20 ms frame that `is`, in ms, or -1. */
function firstFrameMs(samples: Int16Array, is: (frame: Int16Array) => boolean): number {
  for (let frame = 0; (frame + 1) * 160 <= samples.length; frame++)
    if (is(samples.subarray(frame * 160, (frame + 1) * 160))) return frame * 20;
  return -1;
}

/** The first 20 ms frame from which `hz` carries most of the sound for 100 ms, in ms from the start. */
function toneStartMs(samples: Int16Array, hz: number): number {
  for (let frame = 0; (frame + 5) * 160 <= samples.length; frame++) {
    let all = true;
    for (let k = 0; k < 5 && all; k++)
      all = toneShare(samples.subarray((frame + k) * 160, (frame + k + 1) * 160), hz) > 0.5;
    if (all) return frame * 20;
  }
  return -1;
}

let calls = 0;

/**
 * A call from the carrier's caller to Bob through the trunk, both parties' audio this test's:
 * each talks `packets` once the call is up (sipp says where the switch's media is) and keeps
 * what it heard. The caller hangs up `talkMs` after the answer.
 */
async function talkingCall(
  talkMs: number,
  callerPackets: PcapRtp[],
  calleePackets: PcapRtp[],
  dialled = world.seed.numbers.bobLandline,
) {
  const n = ++calls;
  const callerPort = freePort();
  const calleePort = freePort();
  // The carrier calls from 127.0.0.2 (the trunk's inbound address), and its SDP names it.
  const caller = await RtpParty.open(callerPort, '127.0.0.2');
  const callee = await RtpParty.open(calleePort);
  const callerFile = join(folder, `caller-${n}.port`);
  const calleeFile = join(folder, `callee-${n}.port`);
  const bob = await phone(world, world.seed.bob, 'uas-answer-talk.xml', {
    keys: { rtpport: String(calleePort), portfile: calleeFile },
  });
  const carrier = startSipp({
    scenario: 'trunk-inbound-talk.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: dialled,
    keys: { caller: '+46701112233', rtpport: String(callerPort), portfile: callerFile },
    pauseMs: talkMs,
  });
  let toCaller: number;
  let toCallee: number;
  try {
    [toCaller, toCallee] = await Promise.all([mediaPortFrom(callerFile), mediaPortFrom(calleeFile)]);
  } catch (error) {
    carrier.kill();
    bob.kill();
    const [c, b] = [await carrier.done, await bob.done];
    throw new Error(`${String(error)}\ncaller: ${c.output}${c.errors}\nphone: ${b.output}${b.errors}`);
  }
  await Promise.all([
    caller.talk(callerPackets, { address: '127.0.0.1', port: toCaller }),
    callee.talk(calleePackets, { address: '127.0.0.1', port: toCallee }),
  ]);
  const carrierRun = await carrier.done;
  const calleeRun = await bob.done;
  expect(carrierRun.code, carrierRun.output + carrierRun.errors).toBe(0);
  expect(calleeRun.code, calleeRun.output + calleeRun.errors).toBe(0);
  await caller.close();
  await callee.close();
  return { callerHeard: caller.heard(), calleeHeard: callee.heard() };
}

describe('a call recorded always (R56, R77)', () => {
  it("plays the announcement to both parties first, then records both parties' audio, each in its own channel", async () => {
    const policy = await world.seed.store.recordings.createPolicy(world.seed.organisationId, {
      scope: { type: 'organisation' },
      mode: 'always',
      announcement: null,
      retentionDays: 30,
    });
    // The carrier calls from 127.0.0.2, the address its SDP names.
    const talkMs = 7000;
    const { callerHeard, calleeHeard } = await talkingCall(
      talkMs,
      audioPackets(toneFor(CALLER_HZ, talkMs + 500), 0),
      audioPackets(toneFor(CALLEE_HZ, talkMs + 1000), 0),
    );

    // Both heard the built-in Swedish announcement (the organisation speaks Swedish), as spoken.
    const announcement = builtInAnnouncement.sv;
    if (announcement.type !== 'tts') throw new Error('the built-in announcement is speech');
    const expected = await speak(announcement.text, announcement.language);
    for (const [who, heard, otherHz] of [
      ['caller', callerHeard, CALLEE_HZ],
      ['callee', calleeHeard, CALLER_HZ],
    ] as const) {
      const speechAt = firstFrameMs(heard, (frame) => rms(frame) > 500 && toneShare(frame, otherHz) < 0.3);
      expect(speechAt, `${who} hears the announcement`).toBeGreaterThanOrEqual(0);
      expect(speechAt, `${who} hears the announcement before the other party`).toBeLessThan(200);
      const bridgedAt = speechAt + toneStartMs(heard.subarray(speechAt * 8), otherHz);
      expect(bridgedAt, `${who} hears the other party after the announcement`).toBeGreaterThan(speechAt);
      const match = matchPrompt(heard.subarray(speechAt * 8, bridgedAt * 8), expected);
      expect(match.durationRatio, `${who}: duration`).toBeGreaterThan(0.9);
      expect(match.durationRatio, `${who}: duration`).toBeLessThan(1.1);
      expect(match.envelopeCorrelation, `${who}: envelope`).toBeGreaterThan(0.8);
    }

    const record = await lastCall(world);
    expect(record).toMatchObject({ outcome: 'answered', answeredByUserId: world.seed.bob.record.id });
    expect(record!.recordingId).not.toBeNull();
    const recording = await world.seed.store.recordings.get(world.seed.organisationId, record!.recordingId!);
    expect(Date.parse(recording!.expiresAt) - Date.parse(recording!.createdAt)).toBe(policy.retentionDays * 86_400_000);
    const talkedMs = Date.parse(record!.endedAt!) - Date.parse(record!.answeredAt!);
    const announcementMs = (expected.length / 8000) * 1000;
    // Recording began once the announcement had been played.
    expect(recording!.durationMs).toBeLessThan(talkedMs - announcementMs * 0.8);
    expect(recording!.durationMs).toBeGreaterThan(talkedMs - announcementMs - 2000);

    const { left, right, channels } = await recordingOf(recording!.id);
    expect(channels).toBe(2);
    expect(Math.abs(left.length / 8 - recording!.durationMs)).toBeLessThan(500);
    const middle = (samples: Int16Array) => samples.subarray(samples.length / 2 - 1600, samples.length / 2 + 1600);
    expect(toneShare(middle(left), CALLER_HZ)).toBeGreaterThan(0.5);
    expect(toneShare(middle(left), CALLEE_HZ)).toBeLessThan(0.05);
    expect(toneShare(middle(right), CALLEE_HZ)).toBeGreaterThan(0.5);
    expect(toneShare(middle(right), CALLER_HZ)).toBeLessThan(0.05);
  });
});

describe('a call recorded on demand (R56)', () => {
  it('records only from *1 on, announced by a tone, under the answering user’s policy over the organisation’s', async () => {
    await world.seed.store.recordings.createPolicy(world.seed.organisationId, {
      scope: { type: 'organisation' },
      mode: 'always',
      announcement: null,
      retentionDays: 30,
    });
    await world.seed.store.recordings.createPolicy(world.seed.organisationId, {
      scope: { type: 'user', userId: world.seed.bob.record.id },
      mode: 'onDemand',
      announcement: null,
      retentionDays: 7,
    });
    // The carrier calls from 127.0.0.2, the address its SDP names.
    const talkMs = 8000;
    const keyAtMs = 3000;
    // The caller says 852 Hz, presses * and 1 (RFC 4733, sent instead of audio), then says 697 Hz.
    const callerPackets = [
      ...audioPackets(toneFor(BEFORE_KEY_HZ, keyAtMs), 0),
      ...keyPackets('*', keyAtMs + 100),
      ...keyPackets('1', keyAtMs + 500),
      ...audioPackets(toneFor(CALLER_HZ, talkMs - keyAtMs - 500), keyAtMs + 1000),
    ];
    callerPackets.sort((x, y) => x.atMs - y.atMs).forEach((p, i) => (p.sequenceNumber = 100 + i));
    const { callerHeard, calleeHeard } = await talkingCall(
      talkMs,
      callerPackets,
      audioPackets(toneFor(CALLEE_HZ, talkMs + 1000), 0),
    );

    // No announcement (Bob's own policy is on demand); the key's tone reached both parties.
    for (const [who, heard] of [
      ['caller', callerHeard],
      ['callee', calleeHeard],
    ] as const) {
      const beeps = toneStartMs(heard, 1400);
      expect(beeps, `${who} hears the recording tone`).toBeGreaterThan(keyAtMs - 500);
    }

    const record = await lastCall(world);
    const recording = await world.seed.store.recordings.get(world.seed.organisationId, record!.recordingId!);
    expect(Date.parse(recording!.expiresAt) - Date.parse(recording!.createdAt)).toBe(7 * 86_400_000);
    const talkedMs = Date.parse(record!.endedAt!) - Date.parse(record!.answeredAt!);
    expect(recording!.durationMs).toBeLessThan(talkedMs - keyAtMs);
    expect(recording!.durationMs).toBeGreaterThan(talkedMs - keyAtMs - 2500);

    const { left, right } = await recordingOf(recording!.id);
    const blocks = (samples: Int16Array) =>
      Array.from({ length: Math.floor(samples.length / 800) }, (_, i) => samples.subarray(i * 800, (i + 1) * 800));
    expect(
      blocks(left).some((b) => toneShare(b, CALLER_HZ) > 0.5),
      'what the caller said after the key',
    ).toBe(true);
    expect(
      blocks(left).filter((b) => toneShare(b, BEFORE_KEY_HZ) > 0.2),
      'what the caller said before the key',
    ).toEqual([]);
    expect(blocks(right).filter((b) => toneShare(b, CALLEE_HZ) > 0.5).length).toBeGreaterThan(blocks(right).length / 2);
  });
});

describe('a call through a response group (R56)', () => {
  it("is recorded under the group's policy when the answering agent has none", async () => {
    const { store, organisationId, bob } = world.seed;
    const groupNumber = '+46812300060';
    await store.numbers.allocate(organisationId, [{ number: groupNumber, type: 'landline' }]);
    const group = await store.responseGroups.create(organisationId, {
      name: 'Inspelad support',
      number: groupNumber,
      billingNumber: groupNumber,
      numericId: '60',
      agents: [{ userId: bob.record.id, loggedIn: true, reachOn: 'phone' }],
      supervisorIds: [],
      settings: factoryResponseGroupSettings(),
    });
    await store.recordings.createPolicy(organisationId, {
      scope: { type: 'organisation' },
      mode: 'off',
      announcement: null,
      retentionDays: 30,
    });
    await store.recordings.createPolicy(organisationId, {
      scope: { type: 'responseGroup', responseGroupId: group.id },
      mode: 'always',
      announcement: null,
      retentionDays: 11,
    });
    const talkMs = 6000;
    const { calleeHeard } = await talkingCall(
      talkMs,
      audioPackets(toneFor(CALLER_HZ, talkMs + 500), 0),
      audioPackets(toneFor(CALLEE_HZ, talkMs + 1000), 0),
      groupNumber,
    );

    const record = await lastCall(world);
    expect(record).toMatchObject({ responseGroupId: group.id, answeredByUserId: bob.record.id });
    const recording = await store.recordings.get(organisationId, record!.recordingId!);
    expect(Date.parse(recording!.expiresAt) - Date.parse(recording!.createdAt)).toBe(11 * 86_400_000);
    // The agent heard the announcement before the caller.
    const speechAt = firstFrameMs(calleeHeard, (frame) => rms(frame) > 500 && toneShare(frame, CALLER_HZ) < 0.3);
    expect(speechAt).toBeGreaterThanOrEqual(0);
    expect(speechAt).toBeLessThan(toneStartMs(calleeHeard, CALLER_HZ));
    const { left, right } = await recordingOf(recording!.id);
    const middle = (samples: Int16Array) => samples.subarray(samples.length / 2 - 1600, samples.length / 2 + 1600);
    expect(toneShare(middle(left), CALLER_HZ)).toBeGreaterThan(0.5);
    expect(toneShare(middle(right), CALLEE_HZ)).toBeGreaterThan(0.5);
    await store.responseGroups.delete(organisationId, group.id);
  });
});
