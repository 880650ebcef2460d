import { createSocket, type Socket } from 'node:dgram';
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
  concatPcm,
  decodeG711,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  pcm16Wav,
  silence,
  tone,
} from '@vaxel/media';
import { createDiskFileStore, fileKeys, type FileStore } from '@vaxel/store';
import { until } from '@vaxel/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { say } from '../src/flow/voicemail/phrases.ts';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
import { bestFit, correlation, RtpCapture } from './rtpCapture.ts';
import { pcmuPcap } from './rtpPcap.ts';
import { freePort, runSipp, startSipp, type SippProcess, type SippRun } from './sipp.ts';
import { expectNothingLeft, phone, registerPhone, startWorld, stopWorld, type World } from './switchHarness.ts';

/**
 * A response group's queue on real calls (R14, R16): callers are sipp UACs through the trunk,
 * agents' phones sipp UASs registered through the switch (or bare UDP sockets that never
 * answer), and the caller's audio is caught where the caller's SDP points (127.0.0.2).
 */
const GROUP_NUMBER = '+46812300060';
let world: World;
let group: ResponseGroup;
let folder: string;
let files: FileStore;
let prompts: LibraryPromptAudio;
const closers: Array<() => void | Promise<void>> = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-queue-it-'));
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
    numericId: '60',
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
  for (const close of closers.splice(0)) await close();
  await expectNothingLeft(world);
});

type SettingsChange = { [S in keyof ResponseGroupSettings]?: Partial<ResponseGroupSettings[S]> };
type Who = 'alice' | 'bob' | 'carol';

/**
 * The group with the factory settings but `change`, and these agents. Unless a test says
 * otherwise: no announcements, no wrap-up (so one test's agent is free for the next), 5 s of ring time.
 */
async function setGroup(change: SettingsChange, agents: Array<[Who, boolean]>): Promise<void> {
  const factory = factoryResponseGroupSettings();
  const settings: ResponseGroupSettings = {
    queue: { ...factory.queue, announcePosition: false, ...change.queue },
    schedule: { ...factory.schedule, ...change.schedule },
    distribution: { ...factory.distribution, wrapUpSeconds: 0, ringSecondsPerAgent: 5, ...change.distribution },
    voicemail: { ...factory.voicemail, ...change.voicemail },
  };
  const current = (await world.seed.store.responseGroups.get(world.seed.organisationId, group.id))!;
  group = await world.seed.store.responseGroups.update(world.seed.organisationId, {
    ...current,
    settings,
    agents: agents.map(([who, loggedIn]) => ({ userId: world.seed[who].record.id, loggedIn, reachOn: 'phone' })),
  });
}

const logIn = (who: Who) =>
  world.seed.store.responseGroups.setAgentLoggedIn(
    world.seed.organisationId,
    group.id,
    world.seed[who].record.id,
    true,
  );

/** An outside caller through the trunk who talks (or waits) `pauseMs` after the answer, then hangs up. */
function caller(number: string, pauseMs: number, rtpPort = freePort()): SippProcess {
  return startSipp({
    scenario: 'trunk-inbound-call.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: GROUP_NUMBER,
    keys: { caller: number, rtpport: String(rtpPort) },
    pauseMs,
    timeoutSeconds: 60,
  });
}

/** An outside caller who waits, silent, for the switch to hang up. */
function waitingCaller(number: string): Promise<SippRun> {
  return runSipp({
    scenario: 'trunk-ivr-caller-silent.xml',
    port: freePort(),
    address: '127.0.0.2',
    remotePort: world.switchPort,
    service: GROUP_NUMBER,
    keys: { caller: number, rtpport: String(freePort()), payloads: '0 8 101' },
    timeoutSeconds: 60,
  });
}

/** A phone registered for the user that is only a UDP socket: it hears INVITEs and never answers. */
async function silentPhone(who: Who): Promise<{ invites(): number }> {
  const port = freePort();
  const registrations = world.seed.store.registrations;
  for (const r of await registrations.listByUser(
    world.seed.organisationId,
    world.seed[who].record.id,
    new Date().toISOString(),
  )) {
    await registrations.remove(world.seed.organisationId, world.seed[who].record.id, r.contact);
  }
  await registerPhone(world, world.seed[who], port);
  const socket: Socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (bytes) => received.push(bytes.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  return { invites: () => received.filter((m) => m.startsWith('INVITE')).length };
}

/** Conditions the switch reaches on its own (a caller queued, an agent on a call) may take a busy machine a while. */
const patiently = { timeoutMs: 20_000 };

const queued = () => world.sw.queueLive.group(world.seed.organisationId, group.id).queue.length;

/** The call-log record of the caller from `number`, once its end is written. */
async function callFrom(number: string): Promise<CallRecord> {
  let found: CallRecord | undefined;
  await until(
    `the call from ${number} in the call log`,
    async () => {
      found = (await world.seed.store.calls.search(world.seed.organisationId, { limit: 20 })).calls.find(
        (c) => c.fromNumber === number && c.endedAt !== null,
      );
      return found !== undefined;
    },
    patiently,
  );
  return found!;
}

const expectDone = (run: SippRun) => expect(run.code, run.output + run.errors).toBe(0);
const g711 = (samples: Int16Array) => decodeG711('PCMU', encodeG711('PCMU', samples));

describe('a caller waiting in a response group (R14)', () => {
  it('hears the music on hold and the position announcement, and the music goes on after the next announcement where it stopped', async () => {
    const { store, organisationId } = world.seed;
    // The group's music: 24 half-second tones, all different, so every offset in it is recognisable.
    const music = concatPcm(
      ...Array.from({ length: 24 }, (_, i) => tone({ frequencies: [330 + i * 41], durationMs: 500, amplitude: 0.25 })),
    );
    const file = await store.audioFiles.create(organisationId, {
      name: 'Tones',
      language: 'sv',
      source: 'upload',
      ttsText: null,
      durationMs: 12_000,
      originalMimeType: 'audio/wav',
      originalFileName: 'tones.wav',
    });
    await files.put(fileKeys.audioTelephony(organisationId, file.id), Buffer.from(pcm16Wav(music)));
    await setGroup(
      {
        queue: {
          musicOnHoldAudioFileId: file.id,
          announcePosition: true,
          announcementIntervalSeconds: 15,
          whenNoAgents: 'wait',
        },
      },
      [],
    );
    // The announcement as the switch makes it: the same PromptAudio, the organisation's language.
    const announcement = g711(await prompts.samples(organisationId, say('sv', 'Du är först i kön.')));
    const rtpPort = freePort();
    const ear = await RtpCapture.open(rtpPort, '127.0.0.2');
    closers.push(() => ear.close());

    expectDone(await caller('+46701110001', 21_000, rtpPort).done);
    const heard = ear.audio('PCMU');
    expect(heard.length).toBeGreaterThan(8000 * 19);
    const tones = g711(music);

    // On joining: the announcement as soon as its speech is ready (the music plays meanwhile),
    // then the music where it had got to — within its first seconds.
    const first = bestFit(heard, announcement, 0, 8000 * 2, 8);
    expect(first.correlation, 'the first announcement').toBeGreaterThan(0.9);
    const musicFrom = first.at + announcement.length;
    const resumedAt = bestFit(tones, heard.subarray(musicFrom + 400, musicFrom + 400 + 8000), 0, 8000 * 2, 4);
    expect(resumedAt.correlation, 'the music after the first announcement').toBeGreaterThan(0.9);
    expect(resumedAt.at - 400, 'the music had played no longer than the announcement took to make').toBeLessThan(
      8000 * 1.5,
    );
    const opening = { at: musicFrom + 400 - resumedAt.at };

    // The next announcement 15 s after the first began to play (its speech is made already).
    const second = bestFit(heard, announcement, first.at + 8000 * 14.5, first.at + 8000 * 16.5, 8);
    const anywhere = bestFit(heard, announcement, first.at + 8000 * 2, heard.length - announcement.length, 8);
    expect(
      second.correlation,
      `the second announcement (best match ${((anywhere.at - first.at) / 8000).toFixed(2)} s after the first)`,
    ).toBeGreaterThan(0.9);
    // Then the music where it stopped: as far into it as it had played before the announcement.
    const played = second.at - opening.at;
    const after = heard.subarray(second.at + announcement.length, second.at + announcement.length + 8000);
    let best = { offset: 0, correlation: -1 };
    const fit = (from: number, to: number, by: number) => {
      for (let offset = Math.max(0, from); offset <= to && offset + after.length <= tones.length; offset += by) {
        const c = correlation(after, tones.subarray(offset, offset + after.length));
        if (c > best.correlation) best = { offset, correlation: c };
      }
    };
    fit(0, tones.length, 8);
    fit(best.offset - 8, best.offset + 8, 1);
    expect(best.correlation, 'the music after the second announcement').toBeGreaterThan(0.85);
    expect(
      Math.abs(best.offset - (played % tones.length)),
      `music resumed at ${best.offset}, had played ${played} samples`,
    ).toBeLessThan(8000 * 0.25);
    expect(best.offset, 'not started again').toBeGreaterThan(8000);

    expect(await callFrom('+46701110001')).toMatchObject({
      responseGroupId: group.id,
      outcome: 'abandoned',
      answeredByUserId: null,
    });
  }, 60_000);

  it('is sent to the maximum-wait destination when no agent answers in time, the phones rung and then cancelled', async () => {
    await setGroup({ queue: { maxWaitSeconds: 10, limitReachedDestination: { type: 'hangup' } } }, [['alice', true]]);
    const alicesPhone = await silentPhone('alice');
    const run = await waitingCaller('+46701110002');
    expectDone(run);
    expect(run.logs).toContain('bye from switch');
    expect(alicesPhone.invites()).toBeGreaterThan(0);
    const record = await callFrom('+46701110002');
    expect(record).toMatchObject({ responseGroupId: group.id, answeredByUserId: null });
    expect(record.waitSeconds).toBeGreaterThanOrEqual(10);
    expect(record.path.map((s) => `${s.type}:${s.name}`)).toEqual(['responseGroup:Support', 'agentOffered:Alice']);
  }, 60_000);

  it('sends a caller to the queue-full destination, unanswered, while the queue holds its maximum', async () => {
    await setGroup({ queue: { maxQueueLength: 1, queueFullDestination: { type: 'busyTone' } } }, [['alice', true]]);
    await silentPhone('alice');
    const first = caller('+46701110003', 6000);
    await until('the first caller queued', () => queued() === 1, patiently);
    const second = await runSipp({
      scenario: 'trunk-inbound-refused.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: GROUP_NUMBER,
      keys: { caller: '+46701110004', rtpport: String(freePort()) },
      pauseMs: 300,
    });
    expectDone(second);
    expect(second.logs).toContain('status:486');
    expectDone(await first.done);
    expect(await callFrom('+46701110004')).toMatchObject({
      responseGroupId: group.id,
      answeredAt: null,
      outcome: 'busy',
    });
    expect(await callFrom('+46701110003')).toMatchObject({ outcome: 'abandoned' });
  }, 60_000);

  it('refuses callers when no agent is logged in and the group says refuse', async () => {
    await setGroup({ queue: { whenNoAgents: 'refuse', noAgentsDestination: { type: 'busyTone' } } }, [
      ['alice', false],
    ]);
    const alicesPhone = await silentPhone('alice');
    const run = await runSipp({
      scenario: 'trunk-inbound-refused.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: GROUP_NUMBER,
      keys: { caller: '+46701110005', rtpport: String(freePort()) },
      pauseMs: 300,
    });
    expectDone(run);
    expect(run.logs).toContain('status:486');
    expect(alicesPhone.invites()).toBe(0);
  }, 60_000);

  it('keeps callers waiting when no agent is logged in and the group says wait, and the agent who logs in gets the call', async () => {
    await setGroup({ queue: { whenNoAgents: 'wait' } }, [['alice', false]]);
    const alicesPhone = await phone(world, world.seed.alice, 'uas-answer.xml', { ringMs: 300 });
    const run = caller('+46701110006', 8000);
    await until('the caller queued', () => queued() === 1, patiently);
    await logIn('alice');
    expectDone(await alicesPhone.done);
    expectDone(await run.done);
    expect(await callFrom('+46701110006')).toMatchObject({
      answeredByUserId: world.seed.alice.record.id,
      outcome: 'answered',
    });
  }, 60_000);

  it("takes a caller who presses the voicemail key to the group's voicemail, where their message is left", async () => {
    await setGroup({ queue: { voicemailKey: '9' } }, [['alice', true]]);
    await silentPhone('alice');
    // What the caller sends: a second of silence, the key 9 in-band, then a long 1 kHz "message",
    // of which what follows the greeting and the beep is recorded; 5 s of silence end it.
    const key = tone({ frequencies: [852, 1477], durationMs: 150, amplitude: 0.3 });
    const audio = concatPcm(
      silence(1000),
      key,
      silence(500),
      tone({ frequencies: [1000], durationMs: 11_000, amplitude: 0.3 }),
    );
    const run = await startSipp({
      scenario: 'trunk-ivr-caller-keys.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: GROUP_NUMBER,
      keys: { caller: '+46701110007', rtpport: String(freePort()), payloads: '0 8' },
      pauseMs: 300,
      extra: ['-mp', String(mediaPort())],
      files: { 'keys.pcap': pcmuPcap(audio) },
      timeoutSeconds: 60,
    }).done;
    expectDone(run);
    expect(run.logs).toContain('bye from switch');
    const [message] = await world.seed.store.voicemail.list(world.seed.organisationId, {
      type: 'responseGroup',
      responseGroupId: group.id,
    });
    expect(message).toMatchObject({ fromNumber: '+46701110007' });
    expect(message!.durationMs).toBeGreaterThan(1000);
    const record = await callFrom('+46701110007');
    expect(record).toMatchObject({ outcome: 'voicemail', voicemailMessageId: message!.id });
    expect(record.path.map((s) => s.type)).toEqual(['responseGroup', 'agentOffered', 'voicemail']);
  }, 60_000);
});

describe("the queue's order and its agents (R14, R16)", () => {
  it('gives the agent the caller who was queued first', async () => {
    await setGroup({ queue: { whenNoAgents: 'wait' } }, [['alice', false]]);
    const alicesPhone = await phone(world, world.seed.alice, 'uas-answer.xml', { ringMs: 300 });
    const first = caller('+46701110011', 6000);
    await until('the first caller queued', () => queued() === 1, patiently);
    const second = caller('+46701110012', 4000);
    await until('the second caller queued', () => queued() === 2, patiently);
    await logIn('alice');
    const alices = await alicesPhone.done;
    expectDone(alices);
    expect(alices.logs).toContain('"Support: +46701110011"');
    expectDone(await first.done);
    expectDone(await second.done);
    expect(await callFrom('+46701110011')).toMatchObject({
      answeredByUserId: world.seed.alice.record.id,
      outcome: 'answered',
    });
    expect(await callFrom('+46701110012')).toMatchObject({ answeredByUserId: null, outcome: 'abandoned' });
  }, 60_000);

  it('skips an agent busy on a direct call and a logged-out agent', async () => {
    const { alice, bob, carol, numbers } = world.seed;
    await setGroup({ queue: { whenNoAgents: 'wait' } }, [
      ['alice', true],
      ['bob', false],
      ['carol', true],
    ]);
    // Alice takes a call to her own number from outside, and talks.
    const alicesPhone = await phone(world, alice, 'uas-answer.xml', { ringMs: 200 });
    const direct = startSipp({
      scenario: 'trunk-inbound-call.xml',
      port: freePort(),
      address: '127.0.0.2',
      remotePort: world.switchPort,
      service: numbers.aliceLandline,
      keys: { caller: '+46701110021', rtpport: String(freePort()) },
      pauseMs: 7000,
      timeoutSeconds: 60,
    });
    await until(
      'Alice on her call',
      () =>
        world.sw.queueLive
          .group(world.seed.organisationId, group.id)
          .agents.some((a) => a.userId === alice.record.id && a.state === 'onCall'),
      patiently,
    );
    const bobsPhone = await silentPhone('bob');
    const carolsPhone = await phone(world, carol, 'uas-answer.xml', { ringMs: 200 });
    const run = caller('+46701110022', 2000);
    const carols = await carolsPhone.done;
    expectDone(carols);
    expect(carols.logs).toContain('"Support: +46701110022"');
    expectDone(await run.done);
    expectDone(await direct.done);
    // Alice's sipp takes one call only: a second INVITE would have failed it.
    expectDone(await alicesPhone.done);
    expect(bobsPhone.invites()).toBe(0);
    const record = await callFrom('+46701110022');
    expect(record).toMatchObject({ answeredByUserId: carol.record.id });
    expect(record.path.filter((s) => s.type === 'agentOffered').map((s) => s.id)).toEqual([carol.record.id]);
    void bob;
  }, 60_000);

  it('offers an agent no new call before the wrap-up after their last one has passed', async () => {
    const { alice } = world.seed;
    await setGroup({ distribution: { wrapUpSeconds: 4 } }, [['alice', true]]);
    const firstPhone = await phone(world, alice, 'uas-answer.xml', { ringMs: 200 });
    expectDone(await caller('+46701110031', 1000).done);
    expectDone(await firstPhone.done);
    const first = await callFrom('+46701110031');
    const secondPhone = await phone(world, alice, 'uas-answer.xml', { ringMs: 200 });
    const second = caller('+46701110032', 8000);
    expectDone(await second.done);
    expectDone(await secondPhone.done);
    const record = await callFrom('+46701110032');
    expect(record).toMatchObject({ answeredByUserId: alice.record.id });
    const offeredAt = Date.parse(record.path.find((s) => s.type === 'agentOffered')!.at);
    // Offered once the 4 s of wrap-up from the end of the first call had passed, not before.
    expect(offeredAt - Date.parse(first.endedAt!)).toBeGreaterThanOrEqual(3500);
  }, 60_000);
});

/** A media port for sipp's pcap playback, with the two ports after it free for RTCP and video. */
function mediaPort(): number {
  const port = freePort();
  freePort();
  return port;
}
