import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError } from './errors.ts';
import { encodeG711 } from './g711.ts';
import { Recorder, type RecordingResult } from './recorder.ts';
import { RtpEndpoint } from './rtp-endpoint.ts';
import { RtpPacket } from './rtp-packet.ts';
import { RtpPortPool } from './rtp-port-pool.ts';
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
    expect(result).toEqual({ path, durationMs: 40, reason: 'stopped' });
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
    recorder.push(RtpPacket.create({ payloadType: 101, sequenceNumber: 1, timestamp: 0, ssrc: 1, payload: Uint8Array.of(1, 0, 0, 160) }));
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
