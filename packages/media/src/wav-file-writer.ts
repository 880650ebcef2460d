import { InvalidStateError } from './errors.ts';
import { G711_SAMPLE_RATE } from './g711.ts';
import { fileRecordingSink, type RecordingSink } from './recording-sink.ts';
import { int16ToBytes, wavHeader } from './wav.ts';

const HEADER_LENGTH = 44;

export interface WavFileWriterOptions {
  /** 1 (mono) or 2 (stereo, samples interleaved left/right); default 1. */
  channels?: 1 | 2;
  /** Audio buffered before it is written, and how often the RIFF sizes are updated (default 1000 ms). */
  flushMs?: number;
  /** How often the file is flushed to the disk (fsync) (default 5000 ms of audio). */
  syncMs?: number;
}

/**
 * Appends 8 kHz 16-bit samples to a WAVE file as they come, for recordings of any length, through
 * a {@link RecordingSink}.
 *
 * Crash safety: audio is written about once a second (`flushMs`), each time followed by a header
 * with the sizes of what is written so far, and the file is fsynced every `syncMs`. The header is
 * written only after the data it counts, one write after the other, so the file is a valid WAVE
 * file at any moment: a crash loses at most the last second or so (a few, for a machine crash),
 * never the file. Memory is bounded by `flushMs` of audio plus the writes the disk has not
 * finished. The first write error is kept: later audio is dropped and `finish()` rejects with it.
 */
export class WavFileWriter {
  readonly path: string | undefined;
  readonly channels: 1 | 2;
  readonly #sink: RecordingSink;
  readonly #flushBytes: number;
  readonly #syncBytes: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  /** Sample frames (one sample per channel) appended so far. */
  #frames = 0;
  #fileOffset = HEADER_LENGTH;
  #unsyncedBytes = 0;
  #writes: Promise<void> = Promise.resolve();
  #writesInFlight = 0;
  #error: Error | undefined;
  #finishing: Promise<void> | undefined;

  private constructor(sink: RecordingSink, path: string | undefined, options: WavFileWriterOptions) {
    this.#sink = sink;
    this.path = path;
    this.channels = options.channels ?? 1;
    const bytesPerMs = (G711_SAMPLE_RATE * 2 * this.channels) / 1000;
    this.#flushBytes = Math.max(2 * this.channels, Math.round((options.flushMs ?? 1000) * bytesPerMs));
    this.#syncBytes = Math.round((options.syncMs ?? 5000) * bytesPerMs);
  }

  /** Creates (or truncates) the file at `path` and writes a provisional header. */
  static async create(path: string, options: WavFileWriterOptions = {}): Promise<WavFileWriter> {
    return WavFileWriter.open(await fileRecordingSink(path), options, path);
  }

  /** Writes a provisional header (no audio yet) to the sink and starts appending after it. */
  static async open(sink: RecordingSink, options: WavFileWriterOptions = {}, path?: string): Promise<WavFileWriter> {
    const writer = new WavFileWriter(sink, path, options);
    try {
      await sink.write(writer.#header(), 0);
    } catch (error) {
      await sink.close().catch(() => undefined);
      throw error;
    }
    return writer;
  }

  /** Sample frames appended so far (samples per channel). */
  get samples(): number {
    return this.#frames;
  }

  get durationMs(): number {
    return Math.round((this.#frames * 1000) / G711_SAMPLE_RATE);
  }

  /** Bytes held in memory: audio not handed to the sink yet (for tests of bounded memory). */
  get bufferedBytes(): number {
    return this.#pendingBytes;
  }

  /** Writes handed to the sink and not finished yet. */
  get writesInFlight(): number {
    return this.#writesInFlight;
  }

  /** Bytes of audio in the file (what the header says after the next flush). */
  get dataBytes(): number {
    return this.#frames * 2 * this.channels;
  }

  /** Size of the file once what is appended is written. */
  get fileBytes(): number {
    return HEADER_LENGTH + this.dataBytes;
  }

  /** Appends samples (interleaved left/right for stereo). */
  append(samples: Int16Array): void {
    if (this.#finishing) throw new InvalidStateError('WAVE file is finished');
    if (samples.length === 0 || this.#error) return;
    if (samples.length % this.channels !== 0)
      throw new RangeError(`stereo audio needs an even number of samples, got ${samples.length}`);
    this.#pending.push(int16ToBytes(samples));
    this.#pendingBytes += samples.length * 2;
    this.#frames += samples.length / this.channels;
    if (this.#pendingBytes >= this.#flushBytes) this.#flush();
  }

  /** Writes what is pending and the final header, then closes the sink. Safe to call twice. */
  finish(): Promise<void> {
    if (this.#finishing) return this.#finishing;
    this.#flush();
    this.#finishing = this.#writes
      .then(() => this.#sink.close())
      .catch((error: unknown) => {
        this.#error ??= error instanceof Error ? error : new Error(String(error));
      })
      .then(() => {
        if (this.#error) throw this.#error;
      });
    return this.#finishing;
  }

  #header(): Uint8Array {
    return wavHeader('pcm16', G711_SAMPLE_RATE, this.channels, this.#fileOffset - HEADER_LENGTH);
  }

  #flush(): void {
    if (this.#pendingBytes === 0) return;
    const chunk = Buffer.concat(this.#pending, this.#pendingBytes);
    const position = this.#fileOffset;
    this.#fileOffset += chunk.length;
    // The header counting this chunk, made now but written only after the chunk landed.
    const header = this.#header();
    this.#unsyncedBytes += chunk.length;
    const sync = this.#unsyncedBytes >= this.#syncBytes;
    if (sync) this.#unsyncedBytes = 0;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#writesInFlight++;
    this.#writes = this.#writes.then(async () => {
      try {
        if (this.#error) return;
        await this.#sink.write(chunk, position);
        await this.#sink.write(header, 0);
        if (sync) await this.#sink.sync();
      } catch (error) {
        this.#error = error instanceof Error ? error : new Error(String(error));
      } finally {
        this.#writesInFlight--;
      }
    });
  }
}
