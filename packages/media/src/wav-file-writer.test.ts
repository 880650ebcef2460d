import { describe, expect, it } from 'vitest';
import type { RecordingSink } from './recording-sink.ts';
import { WavFileWriter } from './wav-file-writer.ts';
import { parseWav, wavSamples } from './wav.ts';

/** A sink in memory that can be told to fail, and counts fsyncs. */
class MemorySink implements RecordingSink {
  bytes = Buffer.alloc(0);
  syncs = 0;
  closed = 0;
  failWrites = false;
  async write(data: Uint8Array, position: number): Promise<void> {
    if (this.failWrites) throw new Error('disk full');
    const end = position + data.length;
    if (end > this.bytes.length) this.bytes = Buffer.concat([this.bytes, Buffer.alloc(end - this.bytes.length)]);
    this.bytes.set(data, position);
  }
  async sync(): Promise<void> {
    this.syncs++;
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const second = (value: number) => new Int16Array(8000).fill(value);

describe('WavFileWriter', () => {
  it('updates the RIFF sizes each second of audio, so the file is valid and counts what is written', async () => {
    const sink = new MemorySink();
    const writer = await WavFileWriter.open(sink);
    expect(parseWav(sink.bytes).data.length).toBe(0);
    writer.append(second(100));
    writer.append(new Int16Array(4000).fill(200));
    await settle();
    const midway = parseWav(sink.bytes);
    expect(midway.data.length).toBe(16000);
    expect(sink.bytes.readUInt32LE(4)).toBe(36 + 16000);
    expect(writer.bufferedBytes).toBe(8000);
    await writer.finish();
    expect(wavSamples(parseWav(sink.bytes))).toHaveLength(12000);
    expect(sink.closed).toBe(1);
  });

  it('writes stereo frames and fsyncs every few seconds', async () => {
    const sink = new MemorySink();
    const writer = await WavFileWriter.open(sink, { channels: 2, syncMs: 2000 });
    for (let i = 0; i < 4; i++) writer.append(new Int16Array(16000).fill(i));
    await writer.finish();
    const audio = parseWav(sink.bytes);
    expect(audio.channels).toBe(2);
    expect(writer.durationMs).toBe(4000);
    expect(sink.syncs).toBe(2);
    expect(() => writer.append(second(1))).toThrow();
  });

  it('keeps the first write error, drops later audio and reports it from finish', async () => {
    const sink = new MemorySink();
    const writer = await WavFileWriter.open(sink);
    sink.failWrites = true;
    writer.append(second(1));
    writer.append(second(2));
    await expect(writer.finish()).rejects.toThrow('disk full');
    expect(sink.closed).toBe(1);
  });
});
