import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConvertedAudio } from './audio-converter.ts';
import { CachedTextToSpeech } from './cached-text-to-speech.ts';
import type { TextToSpeech } from './text-to-speech.ts';
import { pcm16Wav } from './wav.ts';

/** An engine that "speaks" a text as that many samples, counts calls, and can be held or made to fail. */
class CountingEngine implements TextToSpeech {
  calls: string[] = [];
  failNext = false;
  #release: Array<() => void> = [];
  hold = false;
  supportsLanguage(languageTag: string): boolean {
    return languageTag.startsWith('sv') || languageTag.startsWith('en');
  }
  async synthesize(text: string, languageTag: string): Promise<ConvertedAudio> {
    this.calls.push(`${languageTag}:${text}`);
    if (this.hold) await new Promise<void>((resolve) => this.#release.push(resolve));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('engine failed');
    }
    return { wav: pcm16Wav(new Int16Array(text.length * 100).fill(7)), durationSeconds: (text.length * 100) / 8000 };
  }
  release(): void {
    for (const resolve of this.#release.splice(0)) resolve();
  }
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vaxel-tts-cache-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('CachedTextToSpeech', () => {
  it('speaks a text once per language and reuses it', async () => {
    const engine = new CountingEngine();
    const tts = new CachedTextToSpeech({ engine });
    const first = await tts.synthesize('Välkommen', 'sv');
    const again = await tts.synthesize(' Välkommen ', 'SV');
    await tts.synthesize('Välkommen', 'en');
    expect(again).toBe(first);
    expect(engine.calls).toEqual(['sv:Välkommen', 'en:Välkommen']);
    expect(tts.stats).toMatchObject({ syntheses: 2, memoryHits: 1 });
  });

  it('lets concurrent requests for one text share a single synthesis', async () => {
    const engine = new CountingEngine();
    engine.hold = true;
    const tts = new CachedTextToSpeech({ engine });
    const requests = [
      tts.synthesize('Tryck 1', 'sv'),
      tts.synthesize('Tryck 1', 'sv'),
      tts.synthesize('Tryck 1', 'sv'),
    ];
    await new Promise((resolve) => setImmediate(resolve));
    engine.release();
    const results = await Promise.all(requests);
    expect(engine.calls).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
    expect(tts.stats.coalesced).toBe(2);
  });

  it('does not keep a failure: the next request speaks again', async () => {
    const engine = new CountingEngine();
    const tts = new CachedTextToSpeech({ engine });
    engine.failNext = true;
    await expect(tts.synthesize('Hej', 'sv')).rejects.toThrow('engine failed');
    await expect(tts.synthesize('Hej', 'sv')).resolves.toBeDefined();
    expect(engine.calls).toHaveLength(2);
  });

  it('keeps memory under its bound, dropping the least recently used', async () => {
    const engine = new CountingEngine();
    // Each 10-character text is 1000 samples: a 2044-byte WAV; room for two.
    const tts = new CachedTextToSpeech({ engine, maxMemoryBytes: 4100 });
    await tts.synthesize('aaaaaaaaaa', 'sv');
    await tts.synthesize('bbbbbbbbbb', 'sv');
    await tts.synthesize('aaaaaaaaaa', 'sv');
    await tts.synthesize('cccccccccc', 'sv');
    expect(tts.stats.memoryBytes).toBeLessThanOrEqual(4100);
    await tts.synthesize('aaaaaaaaaa', 'sv');
    await tts.synthesize('bbbbbbbbbb', 'sv');
    expect(engine.calls).toEqual(['sv:aaaaaaaaaa', 'sv:bbbbbbbbbb', 'sv:cccccccccc', 'sv:bbbbbbbbbb']);
  });

  it('keeps audio in its folder across restarts, and speaks again over a damaged file', async () => {
    const engine = new CountingEngine();
    await new CachedTextToSpeech({ engine, folder }).synthesize('Ditt samtal är viktigt', 'sv');
    const restarted = new CachedTextToSpeech({ engine, folder });
    const audio = await restarted.synthesize('Ditt samtal är viktigt', 'sv');
    expect(audio.durationSeconds).toBeCloseTo((22 * 100) / 8000);
    expect(engine.calls).toHaveLength(1);
    expect(restarted.stats.diskHits).toBe(1);

    const files = (await readdir(folder)).filter((name) => name.endsWith('.wav'));
    expect(files).toHaveLength(1);
    await writeFile(join(folder, files[0]!), 'not a wave file');
    await new CachedTextToSpeech({ engine, folder }).synthesize('Ditt samtal är viktigt', 'sv');
    expect(engine.calls).toHaveLength(2);
  });

  it('speaks again when the engine id changes', async () => {
    const engine = new CountingEngine();
    await new CachedTextToSpeech({ engine, folder, engineId: 'espeak-160' }).synthesize('Hej', 'sv');
    await new CachedTextToSpeech({ engine, folder, engineId: 'espeak-140' }).synthesize('Hej', 'sv');
    expect(engine.calls).toHaveLength(2);
  });
});
