import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@vaxel/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError } from './errors.ts';
import { encodeG711 } from './g711.ts';
import { Recorder, type RecordingResult } from './recorder.ts';
import { RtpEndpoint } from './rtp-endpoint.ts';
import { RtpPacket } from './rtp-packet.ts';
import { RtpPortPool } from './rtp-port-pool.ts';
import { fileRecordingSink } from './recording-sink.ts';
import { tone } from './tones.ts';
import { parseWav, wavSamples } from './wav.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vaxel-recorder-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function frame(payloadType: number, timestamp: number, value: number, ssrc = 1, samples = 160): RtpPacket {
  const codec = payloadType === 8 ? 'PCMA' : 'PCMU';
  return RtpPacket.create({
    payloadType,
    sequenceNumber: (timestamp / 160) & 0xffff,
    timestamp,
    ssrc,
    payload: encodeG711(codec, new Int16Array(samples).fill(value)),
  });
}

async function samplesOf(path: string): Promise<Int16Array> {
  const audio = parseWav(await readFile(path));
  expect(audio).toMatchObject({ encoding: 'pcm16', sampleRate: 8000, channels: 1 });
  return wavSamples(audio);
}

describe('Recorder', () => {
  it('writes received PCMU and PCMA audio as an 8 kHz mono 16-bit WAVE file', async () => {
    const path = join(dir, 'call.wav');
    const recorder = await Recorder.create(path);
    recorder.push(frame(0, 0, 1000));
    recorder.push(frame(8, 160, -1000));
    const result = await recorder.stop();
    expect(result).toEqual({ path, durationMs: 40, bytes: 44 + 640, reason: 'stopped' });
    const samples = await samplesOf(path);
    expect(samples).toHaveLength(320);
    expect(Math.abs(samples[0]! - 1000)).toBeLessThan(50);
    expect(Math.abs(samples[200]! + 1000)).toBeLessThan(50);
  });

  it('fills a timestamp gap with silence and drops late packets', async () => {
    const path = join(dir, 'gap.wav');
    const recorder = await Recorder.create(path);
    recorder.push(frame(0, 0, 1000));
    recorder.push(frame(0, 480, 1000));
    recorder.push(frame(0, 160, 1000));
    await recorder.stop();
    const samples = await samplesOf(path);
    expect(samples).toHaveLength(640);
    expect([...samples.subarray(160, 480)].every((s) => s === 0)).toBe(true);
  });

  it('skips payload types it does not know, such as telephone-event', async () => {
    const path = join(dir, 'dtmf.wav');
    const recorder = await Recorder.create(path);
    recorder.push(
      RtpPacket.create({
        payloadType: 101,
        sequenceNumber: 1,
        timestamp: 0,
        ssrc: 1,
        payload: Uint8Array.of(1, 0, 0, 160),
      }),
    );
    expect((await recorder.stop()).durationMs).toBe(0);
    expect(await samplesOf(path)).toHaveLength(0);
  });

  it('stops by itself at the maximum duration', async () => {
    const path = join(dir, 'voicemail.wav');
    const recorder = await Recorder.create(path, { maxDurationMs: 30 });
    const done = new Promise<RecordingResult>((resolve) => recorder.on('done', resolve));
    recorder.push(frame(0, 0, 500));
    recorder.push(frame(0, 160, 500));
    recorder.push(frame(0, 320, 500));
    const result = await done;
    expect(result.reason).toBe('max-duration');
    expect(result.durationMs).toBe(30);
    expect(await samplesOf(path)).toHaveLength(240);
    expect(await recorder.stop()).toEqual(result);
  });

  it('writes recordings longer than its flush size intact', async () => {
    const path = join(dir, 'long.wav');
    const recorder = await Recorder.create(path);
    for (let i = 0; i < 150; i++) recorder.push(frame(0, i * 160, i % 2 === 0 ? 2000 : -2000));
    expect((await recorder.stop()).durationMs).toBe(3000);
    const samples = await samplesOf(path);
    expect(samples).toHaveLength(24000);
    expect(samples[160 * 149]! < 0).toBe(true);
  });

  it('records from an endpoint and finishes when the endpoint closes', async () => {
    const pool = new RtpPortPool({ minPort: 27400, maxPort: 27409, address: '127.0.0.1' });
    try {
      const endpoint = await RtpEndpoint.open(pool);
      const recorder = await Recorder.create(join(dir, 'endpoint.wav'));
      recorder.attach(endpoint);
      expect(() => recorder.attach(endpoint)).toThrow(InvalidStateError);
      const done = new Promise<RecordingResult>((resolve) => recorder.on('done', resolve));
      endpoint.close();
      expect((await done).reason).toBe('endpoint-closed');
    } finally {
      pool.close();
    }
  });
});

describe('Recorder for messages', () => {
  /** Pushes 20 ms frames of `samples` from timestamp `at`, the clock moving with them; returns the next timestamp. */
  function speak(recorder: Recorder, clock: FakeClock, samples: Int16Array, at: number): number {
    for (let i = 0; i < samples.length; i += 160) {
      recorder.push(
        RtpPacket.create({
          payloadType: 0,
          sequenceNumber: (at + i) / 160,
          timestamp: at + i,
          ssrc: 7,
          payload: encodeG711('PCMU', samples.subarray(i, i + 160)),
        }),
      );
      clock.advance(20);
    }
    return at + samples.length;
  }
  const voice = (ms: number) => tone({ frequencies: [300, 900], durationMs: ms, amplitude: 0.3 });
  const hush = (ms: number) => new Int16Array(ms * 8).fill(20);

  it('ends after the silence limit and leaves the trailing silence out of the file', async () => {
    const clock = new FakeClock();
    const path = join(dir, 'message.wav');
    const recorder = await Recorder.open(await fileRecordingSink(path), { clock, silence: { endAfterMs: 2000 } });
    const done = new Promise<RecordingResult>((resolve) => recorder.on('done', resolve));
    let at = speak(recorder, clock, voice(1500), 0);
    at = speak(recorder, clock, hush(500), at);
    at = speak(recorder, clock, voice(1000), at);
    speak(recorder, clock, hush(2000), at);
    const result = await done;
    expect(result).toMatchObject({ reason: 'silence', durationMs: 3000 });
    expect(await samplesOf(path)).toHaveLength(3000 * 8);
  });

  it('does not count silence in the first second after the start, and ends silence by the clock when no RTP comes', async () => {
    const clock = new FakeClock();
    const recorder = await Recorder.create(join(dir, 'quiet.wav'), {
      clock,
      silence: { endAfterMs: 2000, ignoreFirstMs: 1000 },
    });
    const reasons: string[] = [];
    recorder.on('done', (r) => reasons.push(r.reason));
    clock.advance(2999);
    expect(reasons).toEqual([]);
    clock.advance(1);
    const result = await recorder.stop();
    expect(result).toMatchObject({ reason: 'silence', durationMs: 0 });
  });

  it('leaves out the tone of the key that ended it', async () => {
    const clock = new FakeClock();
    const path = join(dir, 'hash.wav');
    const recorder = await Recorder.create(path, { clock, holdBackMs: 300, silence: { endAfterMs: 5000 } });
    const at = speak(recorder, clock, voice(2000), 0);
    speak(recorder, clock, tone({ frequencies: [941, 1477], durationMs: 100, amplitude: 0.5 }), at);
    const result = await recorder.stop('digit');
    expect(result.reason).toBe('digit');
    expect(result.durationMs).toBeGreaterThanOrEqual(1800);
    expect(result.durationMs).toBeLessThanOrEqual(2000);
    const samples = await samplesOf(path);
    expect(samples.length).toBe(result.durationMs * 8);
  });

  it('stops at the maximum length by the clock when the phone stops sending', async () => {
    const clock = new FakeClock();
    const recorder = await Recorder.create(join(dir, 'max-clock.wav'), { clock, maxDurationMs: 3000 });
    const done = new Promise<RecordingResult>((resolve) => recorder.on('done', resolve));
    speak(recorder, clock, voice(1000), 0);
    clock.advance(2000);
    expect(await done).toMatchObject({ reason: 'max-duration', durationMs: 1000 });
  });
});
