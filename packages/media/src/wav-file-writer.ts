import { open, type FileHandle } from 'node:fs/promises';
import { InvalidStateError } from './errors.ts';
import { G711_SAMPLE_RATE } from './g711.ts';
import { int16ToBytes, wavHeader } from './wav.ts';

const HEADER_LENGTH = 44;
/** Write to disk about once a second of audio. */
const FLUSH_BYTES = G711_SAMPLE_RATE * 2;

/**
 * Appends 8 kHz mono 16-bit samples to a WAVE file as they come, for recordings of any length.
 *
 * The file gets a header with a zero data size when created and the real sizes on `finish()`,
 * so a crash leaves a file that still parses (a zero size means "to end of file" in `parseWav`).
 * Writes are positional and queued one after another; the first write error is kept and reported
 * by `finish()`.
 */
export class WavFileWriter {
  readonly path: string;
  readonly #file: FileHandle;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #samples = 0;
  #fileOffset = HEADER_LENGTH;
  #writes: Promise<void> = Promise.resolve();
  #error: Error | undefined;
  #finishing: Promise<void> | undefined;

  private constructor(file: FileHandle, path: string) {
    this.#file = file;
    this.path = path;
  }

  /** Creates (or truncates) the file and writes a provisional header. */
  static async create(path: string): Promise<WavFileWriter> {
    const file = await open(path, 'w');
    try {
      await file.write(wavHeader('pcm16', G711_SAMPLE_RATE, 1, 0), 0, HEADER_LENGTH, 0);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new WavFileWriter(file, path);
  }

  /** Samples appended so far. */
  get samples(): number {
    return this.#samples;
  }

  get durationMs(): number {
    return Math.round((this.#samples * 1000) / G711_SAMPLE_RATE);
  }

  append(samples: Int16Array): void {
    if (this.#finishing) throw new InvalidStateError('WAVE file is finished');
    if (samples.length === 0) return;
    this.#pending.push(int16ToBytes(samples));
    this.#pendingBytes += samples.length * 2;
    this.#samples += samples.length;
    if (this.#pendingBytes >= FLUSH_BYTES) this.#flush();
  }

  /** Writes what is pending and the final header, then closes the file. Safe to call twice. */
  finish(): Promise<void> {
    if (this.#finishing) return this.#finishing;
    this.#flush();
    const dataLength = this.#samples * 2;
    this.#finishing = this.#writes
      .then(async () => {
        if (!this.#error) await this.#file.write(wavHeader('pcm16', G711_SAMPLE_RATE, 1, dataLength), 0, HEADER_LENGTH, 0);
      })
      .finally(() => this.#file.close())
      .then(() => {
        if (this.#error) throw this.#error;
      });
    return this.#finishing;
  }

  #flush(): void {
    if (this.#pendingBytes === 0) return;
    const chunk = Buffer.concat(this.#pending, this.#pendingBytes);
    const position = this.#fileOffset;
    this.#fileOffset += chunk.length;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#writes = this.#writes.then(async () => {
      if (this.#error) return;
      try {
        await this.#file.write(chunk, 0, chunk.length, position);
      } catch (error) {
        this.#error = error instanceof Error ? error : new Error(String(error));
      }
    });
  }
}
