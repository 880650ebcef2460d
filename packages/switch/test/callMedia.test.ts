import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CachedTextToSpeech,
  decodeG711,
  encodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  goertzelPower,
  parseWav,
  RtpPortPool,
  silence,
  concatPcm,
  tone,
  wavSamples,
} from '@vaxel/media';
import { createDiskFileStore, openStore, type FileStore, type Store } from '@vaxel/store';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallMediaEvent } from '../src/media/callMedia.ts';
import { CallMediaSession } from '../src/media/callMediaSession.ts';
import { LibraryPromptAudio } from '../src/media/libraryPromptAudio.ts';
import { TestPhone } from '../src/media/testPhone.ts';

/**
 * The call media on real UDP sockets on 127.0.0.1, in real time, with the real espeak-ng: what
 * a phone hears is compared with what the text-to-speech made, sample by sample.
 */
let pool: RtpPortPool;
let folder: string;
let files: FileStore;
let store: Store;
let prompts: LibraryPromptAudio;
let organisationId: string;
const phones: TestPhone[] = [];

beforeAll(async () => {
  pool = new RtpPortPool({ minPort: 22500, maxPort: 22599, address: '127.0.0.1' });
  folder = await mkdtemp(join(tmpdir(), 'vaxel-call-media-it-'));
  files = createDiskFileStore(join(folder, 'files'));
  store = openStore({ url: 'sqlite::memory:' });
  await store.migrate();
  organisationId = (
    await store.organisations.create({
      name: 'Acme AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    })
  ).id;
  const tts = new CachedTextToSpeech({
    engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }),
    folder: join(folder, 'tts'),
  });
  prompts = new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts });
});

afterEach(() => {
  for (const phone of phones.splice(0)) phone.close();
  expect(pool.inUse).toBe(0);
});

afterAll(async () => {
  pool.close();
  await store.close();
  await rm(folder, { recursive: true, force: true });
});

async function session(callerCodec: 'PCMU' | 'PCMA', telephoneEvent: number | null) {
  const media = await CallMediaSession.open({
    pool,
    advertisedAddress: '127.0.0.1',
    inactivityTimeoutMs: 10_000,
    files,
  });
  const caller = await TestPhone.start(callerCodec, telephoneEvent);
  phones.push(caller);
  media.acceptCallerOffer(caller.sdp(), '127.0.0.1');
  const events: CallMediaEvent[] = [];
  media.on((event) => events.push(event));
  return { media, caller, events };
}

/** Normalised cross-correlation at the best lag within ±`maxLag` samples. */
function correlation(a: Int16Array, b: Int16Array, maxLag = 320): number {
  let best = -1;
  for (let lag = -maxLag; lag <= maxLag; lag += 1) {
    let sum = 0;
    let energyA = 0;
    let energyB = 0;
    for (let i = Math.max(0, -lag); i < a.length && i + lag < b.length; i++) {
      const x = a[i]!;
      const y = b[i + lag]!;
      sum += x * y;
      energyA += x * x;
      energyB += y * y;
    }
    if (energyA > 0 && energyB > 0) best = Math.max(best, sum / Math.sqrt(energyA * energyB));
  }
  return best;
}

describe('call media on real UDP', () => {
  it('plays a text-to-speech prompt that the phone hears as the text-to-speech made it', async () => {
    const { media, caller } = await session('PCMA', 101);
    const spoken = await prompts.samples(organisationId, {
      type: 'tts',
      text: 'Välkommen till Acme. Tryck ett för försäljning.',
      language: 'sv',
    });
    const end = await media.play('caller', { clips: [spoken] });
    expect(end).toEqual({ reason: 'finished' });
    await vi.waitFor(() => expect(caller.received.length).toBeGreaterThanOrEqual(Math.floor(spoken.length / 160)));
    const heard = caller.heardAudio();
    expect(Math.abs(heard.length - spoken.length) / spoken.length).toBeLessThan(0.1);
    // What G.711 A-law does to the samples is all that may differ.
    const expected = decodeG711('PCMA', encodeG711('PCMA', spoken));
    expect(correlation(heard.subarray(0, expected.length), expected)).toBeGreaterThan(0.9);
    expect(caller.received.every((p) => p.payloadType === 8)).toBe(true);
    await media.close();
  }, 30_000);

  it('hears a key once whether the phone sends RFC 4733 events, in-band tones, or both', async () => {
    const { media, caller, events } = await session('PCMU', 101);
    const key = (row: number, column: number) =>
      concatPcm(tone({ frequencies: [row, column], durationMs: 120, amplitude: 0.5 }), silence(100));
    // A tone before any event: this phone is heard in-band …
    caller.sendAudio(media.localPort('caller'), key(770, 1209));
    await vi.waitFor(() => expect(events).toEqual([{ type: 'digit', side: 'caller', digit: '4', source: 'inband' }]));
    // … then it sends RFC 4733 and also leaves the tone in its audio: one press, one digit.
    caller.pressKey(media.localPort('caller'), '7');
    caller.sendAudio(media.localPort('caller'), key(852, 1209));
    caller.pressKey(media.localPort('caller'), '#');
    await vi.waitFor(() =>
      expect(events.map((e) => e.type === 'digit' && `${e.digit}:${e.source}`)).toEqual([
        '4:inband',
        '7:rfc4733',
        '#:rfc4733',
      ]),
    );
    await media.close();
  });

  it('hears in-band keys from a phone that offers no telephone-event', async () => {
    const { media, caller, events } = await session('PCMA', null);
    const keys: Array<[string, number, number]> = [
      ['1', 697, 1209],
      ['0', 941, 1336],
      ['#', 941, 1477],
    ];
    for (const [, row, column] of keys)
      caller.sendAudio(
        media.localPort('caller'),
        concatPcm(tone({ frequencies: [row, column], durationMs: 100, amplitude: 0.3 }), silence(80)),
      );
    await vi.waitFor(() => expect(events.map((e) => e.type === 'digit' && e.digit)).toEqual(['1', '0', '#']));
    expect(events.every((e) => e.type === 'digit' && e.source === 'inband')).toBe(true);
    await media.close();
  });

  it('records a bridged call in stereo with each party’s tone in its own channel', async () => {
    const { media, caller } = await session('PCMU', 101);
    const callee = await TestPhone.start('PCMA', 96);
    phones.push(callee);
    media.offerToCallee();
    media.acceptCalleeAnswer(callee.sdp(), '127.0.0.1');
    await media.bridge();
    const recording = await media.startRecording({
      key: `${organisationId}/recordings/stereo.wav`,
      channels: 'stereo',
    });
    const callerTone = tone({ frequencies: [700], durationMs: 20 });
    const calleeTone = tone({ frequencies: [1900], durationMs: 20 });
    // One second of both talking, paced like phones.
    await new Promise<void>((resolve) => {
      let frames = 0;
      const timer = setInterval(() => {
        caller.sendAudio(media.localPort('caller'), callerTone);
        callee.sendAudio(media.localPort('callee'), calleeTone);
        if (++frames === 50) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    await vi.waitFor(() => expect(caller.received.length).toBeGreaterThanOrEqual(45));
    const summary = await recording.stop();
    const wav = parseWav((await files.get(`${organisationId}/recordings/stereo.wav`))!);
    expect(wav.channels).toBe(2);
    expect(summary.durationMs).toBeGreaterThanOrEqual(900);
    const samples = wavSamples(wav);
    const left = samples.filter((_, i) => i % 2 === 0);
    const right = samples.filter((_, i) => i % 2 === 1);
    expect(goertzelPower(left, 700)).toBeGreaterThan(100 * goertzelPower(left, 1900));
    expect(goertzelPower(right, 1900)).toBeGreaterThan(100 * goertzelPower(right, 700));
    await media.close();
  });
});
