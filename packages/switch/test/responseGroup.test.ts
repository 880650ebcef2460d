import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { factoryResponseGroupSettings, type ResponseGroup, type ResponseGroupSettings } from '@vaxel/domain';
import { correlation } from './rtpCapture.ts';
import {
  CachedTextToSpeech,
  concatPcm,
  decodeG711,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  goertzelPower,
  HOLD_MUSIC_NOTE_MS,
  HOLD_MUSIC_NOTES,
  holdMusic,
  pcm16Wav,
  RtpPacket,
  tone,
} from '@vaxel/media';
import { createDiskFileStore, fileKeys, type FileStore } from '@vaxel/store';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runSipp } from './sipp.ts';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
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
 * A response group's number called through the trunk, its agents' phones sipp UASs registered
 * through the switch, the caller's audio heard by a UDP socket that the caller's SDP points at.
 */
const GROUP_NUMBER = '+46812300050';
let world: World;
let group: ResponseGroup;
let folder: string;
let files: FileStore;
let prompts: LibraryPromptAudio;
const closers: Array<() => void> = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-group-it-'));
  files = createDiskFileStore(join(folder, 'files'));
  const tts = new CachedTextToSpeech({
    engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }),
    folder: join(folder, 'tts'),
  });
  world = await startWorld({
    prompts: (store) => {
      prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts });
      return prompts;
    },
  });
  const { store, organisationId, alice, bob, carol } = world.seed;
  await store.numbers.allocate(organisationId, [{ number: GROUP_NUMBER, type: 'landline' }]);
  group = await store.responseGroups.create(organisationId, {
    name: 'Support',
    number: GROUP_NUMBER,
    billingNumber: GROUP_NUMBER,
    numericId: '50',
    agents: [
      { userId: alice.record.id, loggedIn: true, reachOn: 'phone' },
      { userId: bob.record.id, loggedIn: true, reachOn: 'phone' },
      { userId: carol.record.id, loggedIn: false, reachOn: 'phone' },
    ],
    supervisorIds: [],
    settings: factoryResponseGroupSettings(),
  });
});
afterAll(async () => {
  await stopWorld(world);
  await rm(folder, { recursive: true, force: true });
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await expectNothingLeft(world);
});

type SettingsChange = { [S in keyof ResponseGroupSettings]?: Partial<ResponseGroupSettings[S]> };

/** The group with the factory settings but `change`, and these agents (each test sets its own). */
async function setGroup(change: SettingsChange, agents: ResponseGroup['agents']): Promise<void> {
  const factory = factoryResponseGroupSettings();
  const settings: ResponseGroupSettings = {
    // The queue's announcements are test/queue.test.ts's; here the caller hears the music alone.
    queue: { ...factory.queue, announcePosition: false, ...change.queue },
    schedule: { ...factory.schedule, ...change.schedule },
    // No wrap-up: an agent who answered one test's call is offered the next test's at once.
    distribution: { ...factory.distribution, wrapUpSeconds: 0, ...change.distribution },
    voicemail: { ...factory.voicemail, ...change.voicemail },
  };
  const current = (await world.seed.store.responseGroups.get(world.seed.organisationId, group.id))!;
  group = await world.seed.store.responseGroups.update(world.seed.organisationId, { ...current, settings, agents });
}

/** The carrier's caller (from the trunk's inbound address); its RTP goes to and comes from `rtpPort`. */
function callGroup(scenario: string, rtpPort: number, talkMs: number) {
  return runSipp({
    scenario,
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: GROUP_NUMBER,
    keys: { caller: '+46701112233', rtpport: String(rtpPort) },
    pauseMs: talkMs,
  });
}

/** A phone registered for `user` that is only a UDP socket keeping what it is sent: it never answers. */
async function silentPhone(user: World['seed']['carol']): Promise<{ received: string[] }> {
  const port = freePort();
  await registerPhone(world, user, port);
  const socket: Socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (bytes) => received.push(bytes.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  closers.push(() => socket.close());
  return { received };
}

/**
 * The caller's ear: a UDP socket on the carrier's address (127.0.0.2, the c= line sipp writes)
 * that keeps the PCMU audio the switch sends, in arrival order.
 */
async function callersEar(): Promise<{ port: number; heard(): Int16Array }> {
  const socket = createSocket('udp4');
  const packets: RtpPacket[] = [];
  socket.on('message', (bytes) => {
    try {
      packets.push(RtpPacket.parse(bytes));
    } catch {
      // RTCP: not audio.
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.2', resolve));
  closers.push(() => socket.close());
  return {
    port: socket.address().port,
    heard: () => {
      const audio = packets.filter((p) => p.payloadType === 0).map((p) => decodeG711('PCMU', p.payload));
      const out = new Int16Array(audio.reduce((n, a) => n + a.length, 0));
      audio.reduce((at, a) => (out.set(a, at), at + a.length), 0);
      return out;
    },
  };
}

/** The best normalised cross-correlation of `b` with `a` shifted by up to ±`maxLag` samples. */
function bestCorrelation(a: Int16Array, b: Int16Array, maxLag: number): number {
  let best = -1;
  for (let lag = -maxLag; lag <= maxLag; lag += 4) {
    const from = Math.max(0, lag);
    best = Math.max(best, correlation(a.subarray(from), b.subarray(from - lag)));
  }
  return best;
}

describe("a call to a response group's number (R14–R16)", () => {
  it("rings the logged-in agents' phones at once with music on hold for the caller, bridges the first to answer and cancels the other", async () => {
    const { alice, bob, carol } = world.seed;
    await setGroup({}, [
      { userId: alice.record.id, loggedIn: true, reachOn: 'phone' },
      { userId: bob.record.id, loggedIn: true, reachOn: 'phone' },
      { userId: carol.record.id, loggedIn: false, reachOn: 'phone' },
    ]);
    const carolsPhone = await silentPhone(carol);
    const alicesPhone = await phone(world, alice, 'uas-answer.xml', { ringMs: 2000 });
    const bobsPhone = await phone(world, bob, 'uas-ring-cancelled.xml');
    const ear = await callersEar();

    const caller = await callGroup('trunk-inbound-call.xml', ear.port, 4000);
    expect(caller.code, caller.output + caller.errors).toBe(0);
    const alices = await alicesPhone.done;
    expect(alices.code, alices.output + alices.errors).toBe(0);
    expect(alices.logs).toContain('"Support: +46701112233" <sip:+46701112233@127.0.0.1>');
    const bobs = await bobsPhone.done;
    expect(bobs.code, bobs.output + bobs.errors).toBe(0);
    expect(carolsPhone.received.filter((m) => m.startsWith('INVITE'))).toEqual([]);

    const record = await lastCall(world);
    expect(record).toMatchObject({
      direction: 'inbound',
      toNumber: GROUP_NUMBER,
      responseGroupId: group.id,
      answeredByUserId: alice.record.id,
      outcome: 'answered',
    });
    expect(record.path.map((s) => `${s.type}:${s.name}`).sort()).toEqual([
      'agentOffered:Alice',
      'agentOffered:Bob',
      'responseGroup:Support',
      'user:Alice',
    ]);
    expect(record.path.at(-1)).toMatchObject({ type: 'user', name: 'Alice' });

    // What the caller heard while Alice's phone rang (about 2 s; she sends no audio once bridged)
    // is the built-in music on hold from its start, as G.711 carries it.
    const heard = ear.heard();
    expect(heard.length).toBeGreaterThan(8000);
    const expected = decodeG711('PCMU', encodeG711('PCMU', holdMusic())).subarray(0, Math.min(heard.length, 12000));
    expect(correlation(heard.subarray(0, expected.length), expected)).toBeGreaterThan(0.9);
    const firstNote = heard.subarray(0, (HOLD_MUSIC_NOTE_MS * 8) / 2);
    expect(goertzelPower(firstNote, HOLD_MUSIC_NOTES[0]!)).toBeGreaterThan(50 * goertzelPower(firstNote, 425));
  }, 40_000);

  it("plays the welcome prompt, then the group's music file from the audio library while the agent's phone rings", async () => {
    const { store, organisationId, alice, bob } = world.seed;
    // The group's music: 600 Hz then 900 Hz, one second, as the audio library keeps it (telephony WAV).
    const music = concatPcm(
      tone({ frequencies: [600], durationMs: 500, amplitude: 0.3 }),
      tone({ frequencies: [900], durationMs: 500, amplitude: 0.3 }),
    );
    const file = await store.audioFiles.create(organisationId, {
      name: 'Hold music',
      language: 'sv',
      source: 'upload',
      ttsText: null,
      durationMs: 1000,
      originalMimeType: 'audio/wav',
      originalFileName: 'music.wav',
    });
    await files.put(fileKeys.audioTelephony(organisationId, file.id), Buffer.from(pcm16Wav(music)));
    const welcomePrompt = { type: 'tts' as const, text: 'Välkommen till supporten.', language: 'sv' };
    await setGroup({ schedule: { welcomePrompt }, queue: { musicOnHoldAudioFileId: file.id } }, [
      { userId: alice.record.id, loggedIn: true, reachOn: 'phone' },
      { userId: bob.record.id, loggedIn: false, reachOn: 'phone' },
    ]);
    const welcome = await prompts.samples(organisationId, welcomePrompt);
    const alicesPhone = await phone(world, alice, 'uas-answer.xml', { ringMs: 2500 });
    const ear = await callersEar();

    const caller = await callGroup('trunk-inbound-call.xml', ear.port, 2500 + welcome.length / 8 + 2500);
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect((await alicesPhone.done).code).toBe(0);
    expect(await lastCall(world)).toMatchObject({
      responseGroupId: group.id,
      answeredByUserId: alice.record.id,
      outcome: 'answered',
    });

    const heard = ear.heard();
    const g711 = (samples: Int16Array) => decodeG711('PCMU', encodeG711('PCMU', samples));
    expect(heard.length).toBeGreaterThan(welcome.length + 16000);
    expect(correlation(heard.subarray(0, welcome.length), g711(welcome))).toBeGreaterThan(0.9);
    // Then the file, looped: two seconds of it right after the welcome.
    const looped = g711(concatPcm(music, music));
    expect(
      bestCorrelation(heard.subarray(welcome.length, welcome.length + looped.length + 800), looped, 800),
    ).toBeGreaterThan(0.9);
  }, 40_000);

  it('sends the call to the no-agents destination when no agent is logged in, without ringing a phone', async () => {
    const { alice, bob } = world.seed;
    await setGroup({ queue: { noAgentsDestination: { type: 'busyTone' } } }, [
      { userId: alice.record.id, loggedIn: false, reachOn: 'phone' },
      { userId: bob.record.id, loggedIn: false, reachOn: 'phone' },
    ]);
    const alicesPhone = await silentPhone(alice);
    const caller = await callGroup('trunk-inbound-refused.xml', freePort(), 300);
    expect(caller.code, caller.output + caller.errors).toBe(0);
    expect(caller.logs).toContain('status:486');
    expect(alicesPhone.received.filter((m) => m.startsWith('INVITE'))).toEqual([]);
    const record = await lastCall(world);
    expect(record).toMatchObject({ responseGroupId: group.id, answeredAt: null, outcome: 'missed' });
    expect(record.path.map((s) => s.type)).toEqual(['responseGroup']);
  }, 40_000);
});
