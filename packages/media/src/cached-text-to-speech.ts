import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConvertedAudio } from './audio-converter.ts';
import type { TextToSpeech } from './text-to-speech.ts';
import { parseWav, wavDurationSeconds } from './wav.ts';

export interface CachedTextToSpeechOptions {
  engine: TextToSpeech;
  /** Bytes of audio kept in memory, least recently used dropped first (default 32 MiB, about 35 min). */
  maxMemoryBytes?: number;
  /** A folder where synthesised audio is kept across restarts; memory only when omitted. */
  folder?: string;
  /**
   * Part of every key: change it when the engine's output changes for the same text (another
   * engine, voice or speaking rate), so old audio is not reused. Default "default".
   */
  engineId?: string;
}

export interface TextToSpeechCacheStats {
  /** Times the engine was asked to speak. */
  syntheses: number;
  memoryHits: number;
  diskHits: number;
  /** Requests that waited for a synthesis already running for the same key. */
  coalesced: number;
  memoryBytes: number;
}

/**
 * A {@link TextToSpeech} that speaks each text once per voice: results are kept by text +
 * language (+ `engineId`) in a bounded in-memory LRU and, when `folder` is set, in files named
 * after a hash of the key, so a restart keeps them. Concurrent requests for the same key share
 * one synthesis. Failures are not cached. A cache file that does not parse (a crash mid-write
 * cannot leave one: files are written under a temporary name and renamed) is spoken again.
 */
export class CachedTextToSpeech implements TextToSpeech {
  readonly #engine: TextToSpeech;
  readonly #maxMemoryBytes: number;
  readonly #folder: string | undefined;
  readonly #engineId: string;
  readonly #memory = new Map<string, ConvertedAudio>();
  readonly #running = new Map<string, Promise<ConvertedAudio>>();
  readonly #stats: TextToSpeechCacheStats = { syntheses: 0, memoryHits: 0, diskHits: 0, coalesced: 0, memoryBytes: 0 };

  constructor(options: CachedTextToSpeechOptions) {
    this.#engine = options.engine;
    this.#maxMemoryBytes = options.maxMemoryBytes ?? 32 * 1024 * 1024;
    this.#folder = options.folder;
    this.#engineId = options.engineId ?? 'default';
  }

  get stats(): TextToSpeechCacheStats {
    return { ...this.#stats };
  }

  supportsLanguage(languageTag: string): boolean {
    return this.#engine.supportsLanguage(languageTag);
  }

  synthesize(text: string, languageTag: string): Promise<ConvertedAudio> {
    const key = this.#key(text, languageTag);
    const cached = this.#memory.get(key);
    if (cached) {
      this.#stats.memoryHits++;
      // Map order is the LRU order: a hit moves to the young end.
      this.#memory.delete(key);
      this.#memory.set(key, cached);
      return Promise.resolve(cached);
    }
    const running = this.#running.get(key);
    if (running) {
      this.#stats.coalesced++;
      return running;
    }
    const work = this.#load(key, text, languageTag).finally(() => this.#running.delete(key));
    this.#running.set(key, work);
    return work;
  }

  async #load(key: string, text: string, languageTag: string): Promise<ConvertedAudio> {
    const fromDisk = await this.#readFile(key);
    if (fromDisk) {
      this.#stats.diskHits++;
      this.#remember(key, fromDisk);
      return fromDisk;
    }
    this.#stats.syntheses++;
    const audio = await this.#engine.synthesize(text, languageTag);
    this.#remember(key, audio);
    await this.#writeFile(key, audio);
    return audio;
  }

  #key(text: string, languageTag: string): string {
    const language = languageTag.trim().toLowerCase().replaceAll('_', '-');
    return createHash('sha256').update(`${this.#engineId}\u0000${language}\u0000${text.trim()}`).digest('hex');
  }

  #remember(key: string, audio: ConvertedAudio): void {
    const size = audio.wav.byteLength;
    if (size > this.#maxMemoryBytes) return;
    this.#memory.set(key, audio);
    this.#stats.memoryBytes += size;
    for (const [oldest, old] of this.#memory) {
      if (this.#stats.memoryBytes <= this.#maxMemoryBytes) break;
      this.#memory.delete(oldest);
      this.#stats.memoryBytes -= old.wav.byteLength;
    }
  }

  async #readFile(key: string): Promise<ConvertedAudio | undefined> {
    if (!this.#folder) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.#folder, `${key}.wav`));
    } catch {
      return undefined;
    }
    try {
      const wav = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return { wav, durationSeconds: wavDurationSeconds(parseWav(wav)) };
    } catch {
      await rm(join(this.#folder, `${key}.wav`), { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  /** Best effort: a full disk costs a synthesis after the next restart, never a call. */
  async #writeFile(key: string, audio: ConvertedAudio): Promise<void> {
    if (!this.#folder) return;
    const path = join(this.#folder, `${key}.wav`);
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(this.#folder, { recursive: true });
      await writeFile(temporary, audio.wav);
      await rename(temporary, path);
    } catch {
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }
}
