import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CallRecorder } from './call-recorder.ts';
import { goertzelPower } from './goertzel.ts';
import { fileRecordingSink } from './recording-sink.ts';
import { tone } from './tones.ts';
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

  it('keeps the parties apart in a stereo recording: the first on the left, the second on the right', async () => {
    const path = join(dir, 'stereo.wav');
    const recorder = await CallRecorder.open(await fileRecordingSink(path), { clock, layout: 'stereo' });
    const low = tone({ frequencies: [400], durationMs: 1000 });
    const high = tone({ frequencies: [1800], durationMs: 1000 });
    for (let i = 0; i < 50; i++) {
      clock.advance(20);
      recorder.push(alice, packetOf(1, i, low.subarray(i * 160, i * 160 + 160)), 0);
      recorder.push(bob, packetOf(2, i, high.subarray(i * 160, i * 160 + 160)), 1);
    }
    await recorder.stop();
    const audio = parseWav(await readFile(path));
    expect(audio).toMatchObject({ channels: 2, sampleRate: 8000 });
    const [left, right] = deinterleave(wavSamples(audio));
    const middle = (channel: Int16Array) => channel.subarray(2000, 6000);
    expect(goertzelPower(middle(left), 400)).toBeGreaterThan(100 * goertzelPower(middle(left), 1800));
    expect(goertzelPower(middle(right), 1800)).toBeGreaterThan(100 * goertzelPower(middle(right), 400));
  });

  it('records a 10-minute call with flat memory, the file valid at any moment on the way', async () => {
    const path = join(dir, 'long.wav');
    const recorder = await CallRecorder.open(await fileRecordingSink(path), { clock, layout: 'stereo' });
    const gc = collectGarbage();
    const voice = tone({ frequencies: [500], durationMs: 20 });
    const heap: number[] = [];
    const buffered: number[] = [];
    for (let minute = 0; minute < 10; minute++) {
      for (let i = 0; i < 3000; i++) {
        const index = minute * 3000 + i;
        clock.advance(20);
        recorder.push(alice, packetOf(1, index, voice), 0);
        recorder.push(bob, packetOf(2, index, voice), 1);
        if (i % 500 === 250) {
          // At any moment, as a crash would leave it: a WAVE file whose header counts only what is there.
          const bytes = await snapshot(path);
          const midway = parseWav(bytes);
          expect(midway.channels).toBe(2);
          expect(44 + midway.data.length).toBeLessThanOrEqual(bytes.length);
        }
        // The disk keeps up with a real call; this one runs faster than real time.
        if (i % 50 === 0) while (recorder.writesInFlight > 1) await new Promise((resolve) => setImmediate(resolve));
      }
      buffered.push(recorder.bufferedSamples);
      while (recorder.writesInFlight > 0) await new Promise((resolve) => setImmediate(resolve));
      const midway = parseWav(await snapshot(path));
      // At most the last flush (a second) and the mixing latency are not in the file yet.
      expect(midway.data.length / 4 / 8000).toBeGreaterThan((minute + 1) * 60 - 2);
      gc();
      heap.push(process.memoryUsage().heapUsed);
    }
    const result = await recorder.stop();
    expect(result.durationMs).toBeGreaterThanOrEqual(600_000);
    expect(Math.max(...buffered)).toBe(Math.min(...buffered));
    // What the recorder keeps does not grow with the call (the file holds 19 MB by the end).
    expect(heap[9]! - heap[1]!).toBeLessThan(4 * 1024 * 1024);
  }, 120_000);
});

/**
 * The file as a crash would leave it. The header is read before the body: a reader that read the
 * body first could see a header rewritten (for audio written meanwhile) after its length was taken.
 */
async function snapshot(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(44);
    await file.read(header, 0, 44, 0);
    const whole = await file.readFile();
    header.copy(whole, 0);
    return whole;
  } finally {
    await file.close();
  }
}

function packetOf(ssrc: number, index: number, samples: Int16Array): RtpPacket {
  return RtpPacket.create({
    payloadType: 0,
    sequenceNumber: index & 0xffff,
    timestamp: (index * 160) >>> 0,
    ssrc,
    payload: encodeG711('PCMU', samples),
  });
}

function deinterleave(samples: Int16Array): [Int16Array, Int16Array] {
  const left = new Int16Array(samples.length / 2);
  const right = new Int16Array(samples.length / 2);
  for (let i = 0; i < left.length; i++) {
    left[i] = samples[2 * i]!;
    right[i] = samples[2 * i + 1]!;
  }
  return [left, right];
}

/** V8's gc(), without starting the test process with --expose-gc. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
