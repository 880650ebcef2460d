import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeG711, encodeG711, goertzelPower, parseWav, tone, wavSamples } from '@vaxel/media';
import { createDiskFileStore, type FileStore } from '@vaxel/store';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallMediaEvent } from '../src/media/callMedia.ts';
import { CallMediaSession } from '../src/media/callMediaSession.ts';
import { TestPhone } from '../src/media/testPhone.ts';
import { MediaWorkers } from '../src/media/worker/mediaWorkers.ts';
import { correlation } from './rtpCapture.ts';

const RANGE = { min: 26500, max: 26539 };
const logged: string[] = [];
const logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => void logged.push(message),
};

let folder: string;
let files: FileStore;
let workers: MediaWorkers;
const phones: TestPhone[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-media-workers-'));
  files = createDiskFileStore(folder);
  logged.length = 0;
  workers = await MediaWorkers.start({
    count: 2,
    bindAddress: '127.0.0.1',
    rtpPortRange: RANGE,
    files,
    logger,
    statsIntervalMs: 100,
  });
});

afterEach(async () => {
  for (const phone of phones.splice(0)) phone.close();
  await workers.close();
  await rm(folder, { recursive: true, force: true });
});

/** A call's media on a worker, with a caller phone (PCMA) and a callee phone (PCMU) negotiated. */
async function openCall(): Promise<{
  media: CallMediaSession;
  caller: TestPhone;
  callee: TestPhone;
  events: CallMediaEvent[];
}> {
  const media = new CallMediaSession('127.0.0.1', await workers.open({ inactivityTimeoutMs: 30_000 }));
  const caller = await TestPhone.start('PCMA', 101);
  const callee = await TestPhone.start('PCMU', 96);
  phones.push(caller, callee);
  media.acceptCallerOffer(caller.sdp(), '127.0.0.1');
  media.offerToCallee();
  media.acceptCalleeAnswer(callee.sdp(), '127.0.0.1');
  const events: CallMediaEvent[] = [];
  media.on((event) => events.push(event));
  return { media, caller, callee, events };
}

/** A 1.2 s sweep: different enough in every 20 ms for a misplaced or lost packet to show. */
function sweep(): Int16Array {
  const samples = new Int16Array(9600);
  for (let i = 0; i < samples.length; i++) {
    const t = i / 8000;
    samples[i] = Math.round(8000 * Math.sin(2 * Math.PI * (300 * t + 600 * t * t)));
  }
  return samples;
}

/** What G.711 makes of the samples on the way (the relay transcodes PCMU → PCMA). */
function throughCodecs(samples: Int16Array): Int16Array {
  return decodeG711('PCMA', encodeG711('PCMA', decodeG711('PCMU', encodeG711('PCMU', samples))));
}

describe('MediaWorkers', () => {
  it('open calls on the least-loaded worker, each worker binding only its own slice of the RTP range', async () => {
    const first = await openCall();
    const second = await openCall();
    const [a, b] = workers.workers;
    expect(a!.calls).toBe(1);
    expect(b!.calls).toBe(1);
    for (const media of [first.media, second.media])
      for (const side of ['caller', 'callee'] as const) {
        expect(media.localPort(side)).toBeGreaterThanOrEqual(RANGE.min);
        expect(media.localPort(side)).toBeLessThanOrEqual(RANGE.max);
      }
    // The slices are 26500–26519 and 26520–26539: the two calls' ports lie in different halves.
    const half = (media: CallMediaSession) => (media.localPort('caller') < 26520 ? 0 : 1);
    expect(half(first.media)).not.toBe(half(second.media));
    expect(half(first.media)).toBe(first.media.localPort('callee') < 26520 ? 0 : 1);
    expect(workers.stats().rtpPorts).toBe(4);
    await first.media.close();
    await second.media.close();
    expect(workers.stats().rtpPorts).toBe(0);
  });

  it('relays the callee’s audio to the caller through the worker, transcoded, sample for sample', async () => {
    const { media, caller, callee } = await openCall();
    await media.bridge();
    const sent = sweep();
    callee.sendAudio(media.localPort('callee'), sent);
    await vi.waitFor(() => expect(caller.heardAudio().length).toBe(sent.length));
    expect(caller.received.every((p) => p.payloadType === 8)).toBe(true);
    expect(correlation(caller.heardAudio(), throughCodecs(sent))).toBeGreaterThan(0.99);
    await media.close();
  });

  it('counts each worker’s RTP — packets both ways, those that never came, jitter — and its thread’s load', async () => {
    const { media, caller, callee } = await openCall();
    await media.bridge();
    const hosting = media.localPort('caller') < 26520 ? 'media-0' : 'media-1';
    const thread = () => workers.threads().find((t) => t.thread === hosting)!;
    const sent = sweep(); // 60 packets
    callee.sendAudio(media.localPort('callee'), sent.subarray(0, 160 * 30));
    callee.skip(5);
    callee.sendAudio(media.localPort('callee'), sent.subarray(160 * 35));
    await vi.waitFor(() => expect(caller.heardAudio().length).toBe(160 * 55));
    // The worker sums its calls' figures once a stats interval.
    await vi.waitFor(() =>
      expect(thread().figures).toMatchObject({
        calls: 1,
        packetsReceived: 55,
        packetsSent: 55,
        packetsLost: 5,
        streamsReceiving: 1,
      }),
    );
    // Sent all at once but stamped 20 ms apart: the stream's jitter shows it.
    expect(thread().figures.jitterMs.max).toBeGreaterThan(0);
    // Its thread's load is its own, measured in it.
    await vi.waitFor(() => expect(thread().load.utilization).toBeGreaterThan(0));
    expect(thread().load.eventLoopDelayMs).toBeGreaterThanOrEqual(0);
    const other = workers.threads().find((t) => t.thread !== hosting)!;
    expect(other.figures).toMatchObject({ calls: 0, packetsReceived: 0 });
    await media.close();
    // A closed call's packets stay in its worker's totals.
    await vi.waitFor(() => expect(thread().figures).toMatchObject({ calls: 0, packetsReceived: 55, packetsLost: 5 }));
  });

  it('carries out commands in order and sends the call’s events back: a prompt, a key that stops it', async () => {
    const { media, caller, events } = await openCall();
    // The prompt as a view into a larger buffer, as a cache may hold it.
    const held = tone({ frequencies: [1000], durationMs: 400 });
    const beep = held.subarray(0, 1600);
    // A whole played prompt first, heard as it was sent.
    expect(await media.play('caller', { clips: [beep] })).toEqual({ reason: 'finished' });
    await vi.waitFor(() => expect(caller.heardAudio().length).toBe(beep.length));
    // The switch's samples are its own still (a copy went to the worker).
    expect(beep.length).toBe(1600);
    expect(held.length).toBe(3200);
    expect(correlation(caller.heardAudio(), decodeG711('PCMA', encodeG711('PCMA', beep)))).toBeGreaterThan(0.99);
    // Then a long one, stopped by the caller's key: the digit is an event, the playback ends with it.
    const long = media.play('caller', { clips: [beep], loop: true });
    caller.pressKey(media.localPort('caller'), '5');
    expect(await long).toEqual({ reason: 'digit', digit: '5' });
    expect(events).toContainEqual({ type: 'digit', side: 'caller', digit: '5', source: 'rfc4733' });
    // SIP INFO keys cross the port too.
    media.injectDigit('caller', '#', 'info');
    await vi.waitFor(() =>
      expect(events).toContainEqual({ type: 'digit', side: 'caller', digit: '#', source: 'info' }),
    );
    await media.close();
  });

  it('writes a call recording through the switch’s file store', async () => {
    const { media, caller, callee } = await openCall();
    await media.bridge();
    const recording = await media.startRecording({ key: 'org/recordings/r1.wav', channels: 'stereo' });
    caller.sendAudio(media.localPort('caller'), tone({ frequencies: [600], durationMs: 600 }));
    callee.sendAudio(media.localPort('callee'), tone({ frequencies: [1400], durationMs: 600 }));
    await vi.waitFor(() => expect(caller.heardAudio().length + callee.heardAudio().length).toBe(2 * 4800));
    const summary = await recording.stop();
    const wav = parseWav((await files.get('org/recordings/r1.wav'))!);
    expect(summary.bytes).toBe(44 + wav.data.length);
    const samples = wavSamples(wav);
    const left = samples.filter((_, i) => i % 2 === 0);
    const right = samples.filter((_, i) => i % 2 === 1);
    expect(goertzelPower(left, 600)).toBeGreaterThan(100 * goertzelPower(left, 1400));
    expect(goertzelPower(right, 1400)).toBeGreaterThan(100 * goertzelPower(right, 600));
    await media.close();
  });

  it('ends the calls of a worker that dies, keeps the other worker’s call going, and takes new calls', async () => {
    const doomed = await openCall();
    const survivor = await openCall();
    await doomed.media.bridge();
    await survivor.media.bridge();
    doomed.caller.sendAudio(doomed.media.localPort('caller'), tone({ frequencies: [700], durationMs: 200 }));
    await vi.waitFor(() => expect(workers.threads()[0]!.figures.packetsReceived).toBe(10));
    // The doomed call was opened first, on the first worker (its ports in the range's lower half).
    const [first] = workers.workers;
    expect(doomed.media.localPort('caller')).toBeLessThan(26520);
    expect(survivor.media.localPort('caller')).toBeGreaterThanOrEqual(26520);
    await first!.terminate();

    // The doomed call hears its media stop on both sides, as when the parties' RTP stops.
    await vi.waitFor(() => {
      expect(doomed.events.filter((e) => e.type === 'inactive').map((e) => e.side)).toEqual(['caller', 'callee']);
    });
    expect(await doomed.media.play('caller', { clips: [tone({ frequencies: [500], durationMs: 100 })] })).toEqual({
      reason: 'stopped',
    });
    // A listener that comes later (the next step of the call) is told as well.
    const later: CallMediaEvent[] = [];
    doomed.media.on((event) => later.push(event));
    await vi.waitFor(() => expect(later.map((e) => e.type)).toEqual(['inactive', 'inactive']));
    await doomed.media.close();
    expect(logged).toContain('a media worker exited; its calls end, a new one takes its ports');

    // The other worker's call carries on, audio and all.
    const sent = sweep();
    survivor.callee.sendAudio(survivor.media.localPort('callee'), sent);
    await vi.waitFor(() => expect(survivor.caller.heardAudio().length).toBe(sent.length));
    expect(correlation(survivor.caller.heardAudio(), throughCodecs(sent))).toBeGreaterThan(0.99);
    expect(survivor.events.filter((e) => e.type === 'inactive')).toEqual([]);

    // A replacement takes the dead worker's slice; new calls work.
    await vi.waitFor(() => expect(workers.workers.length).toBe(2), { timeout: 15_000 });
    const fresh = await openCall();
    await fresh.media.bridge();
    fresh.callee.sendAudio(fresh.media.localPort('callee'), sent);
    await vi.waitFor(() => expect(fresh.caller.heardAudio().length).toBe(sent.length));
    expect(correlation(fresh.caller.heardAudio(), throughCodecs(sent))).toBeGreaterThan(0.99);
    await fresh.media.close();
    await survivor.media.close();
    expect(workers.stats().rtpPorts).toBe(0);
    // The slice's counters went on from the dead worker's: its 10 packets, then the fresh call's 60.
    await vi.waitFor(() => expect(workers.threads()[0]!.figures.packetsReceived).toBe(10 + 60));
  });
});
