import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallRecorder } from './call-recorder.ts';
import { FakeClock } from '@vaxel/testing';
import { encodeG711 } from './g711.ts';
import { RtpPacket } from './rtp-packet.ts';
import { parseWav, wavSamples } from './wav.ts';

let dir: string;
let clock: FakeClock;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vaxel-call-recorder-'));
  clock = new FakeClock(1_000_000);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const alice = { name: 'alice' };
const bob = { name: 'bob' };

function frame(ssrc: number, index: number, value: number, timestampBase = 0): RtpPacket {
  return RtpPacket.create({
    payloadType: 0,
    sequenceNumber: index,
    timestamp: (timestampBase + index * 160) >>> 0,
    ssrc,
    payload: encodeG711('PCMU', new Int16Array(160).fill(value)),
  });
}

async function samplesOf(path: string): Promise<Int16Array> {
  return wavSamples(parseWav(await readFile(path)));
}

function near(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= Math.max(64, Math.abs(expected) * 0.05);
}

describe('CallRecorder', () => {
  it('places each party on the timeline by when it spoke, with silence in between', async () => {
    const path = join(dir, 'call.wav');
    const recorder = await CallRecorder.create(path, { clock });
    for (let i = 0; i < 5; i++) {
      clock.advance(20);
      recorder.push(alice, frame(1, i, 1000, 123456));
    }
    clock.advance(100);
    for (let i = 0; i < 5; i++) {
      clock.advance(20);
      recorder.push(bob, frame(2, i, -2000, 999));
    }
    clock.advance(100);
    const result = await recorder.stop();
    expect(result.durationMs).toBe(400);
    const samples = await samplesOf(path);
    expect(samples).toHaveLength(3200);
    expect(near(samples[0]!, 1000) && near(samples[799]!, 1000)).toBe(true);
    expect([...samples.subarray(800, 1600)].every((s) => s === 0)).toBe(true);
    expect(near(samples[1600]!, -2000) && near(samples[2399]!, -2000)).toBe(true);
    expect([...samples.subarray(2400)].every((s) => s === 0)).toBe(true);
  });

  it('mixes parties talking at once, clipping instead of wrapping', async () => {
    const path = join(dir, 'both.wav');
    const recorder = await CallRecorder.create(path, { clock });
    clock.advance(20);
    recorder.push(alice, frame(1, 0, 1000));
    recorder.push(bob, frame(2, 0, 2000));
    clock.advance(20);
    recorder.push(alice, frame(1, 1, 30000));
    recorder.push(bob, frame(2, 1, 30000));
    await recorder.stop();
    const samples = await samplesOf(path);
    expect(near(samples[10]!, 3000)).toBe(true);
    expect(samples[200]).toBe(32767);
  });

  it('keeps a party continuous when its packets arrive in bursts', async () => {
    const path = join(dir, 'jitter.wav');
    const recorder = await CallRecorder.create(path, { clock });
    clock.advance(20);
    recorder.push(alice, frame(1, 0, 1000));
    clock.advance(60);
    recorder.push(alice, frame(1, 1, 1000));
    recorder.push(alice, frame(1, 2, 1000));
    recorder.push(alice, frame(1, 3, 1000));
    await recorder.stop();
    const samples = await samplesOf(path);
    expect(samples).toHaveLength(640);
    expect([...samples].every((s) => near(s, 1000))).toBe(true);
  });

  it('drops audio that arrives after it was written', async () => {
    const path = join(dir, 'late.wav');
    const recorder = await CallRecorder.create(path, { clock, latencyMs: 100 });
    clock.advance(20);
    recorder.push(alice, frame(1, 0, 1000));
    clock.advance(500);
    recorder.push(alice, frame(1, 25, 1000));
    recorder.push(bob, frame(2, 0, 1000, 0));
    recorder.push(alice, frame(1, 1, 5000));
    await recorder.stop();
    const samples = await samplesOf(path);
    expect(samples).toHaveLength(520 * 8);
    expect(samples[200]).toBe(0);
    // bob's packet arrived at 520 ms, so it lands just before then, not at the start.
    expect(near(samples[520 * 8 - 1]!, 2000)).toBe(true);
  });

  it('stops by itself at the maximum duration', async () => {
    const recorder = await CallRecorder.create(join(dir, 'max.wav'), { clock, maxDurationMs: 1000, latencyMs: 0 });
    const reasons: string[] = [];
    recorder.on('done', (result) => reasons.push(result.reason));
    clock.advance(1500);
    await new Promise((resolve) => setImmediate(resolve));
    const result = await recorder.stop();
    expect(result).toMatchObject({ reason: 'max-duration', durationMs: 1000 });
    expect(reasons).toEqual(['max-duration']);
    expect(clock.pendingTimers).toBe(0);
  });
});
