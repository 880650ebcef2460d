import { join } from 'node:path';
import type { PromptAudio } from '@vaxel/domain';
import { CachedTextToSpeech, EspeakTextToSpeech, FfmpegAudioConverter } from '@vaxel/media';
import type { FileStore, Store } from '@vaxel/store';
import { LibraryPromptAudio } from '@vaxel/switch';

/** Where synthesised prompts are kept across restarts (a cache: deleting it costs a synthesis per prompt). */
export function ttsCacheFolder(dataDir: string): string {
  return join(dataDir, 'cache', 'tts');
}

/**
 * What callers hear (R20, R31, R80): the organisation's audio library from the file store, and
 * espeak-ng for text prompts, each text spoken once per voice and kept on disk under the data
 * folder, so a restart does not speak every menu again.
 */
export function switchPromptAudio(store: Store, files: FileStore, dataDir: string): PromptAudio {
  const tts = new CachedTextToSpeech({
    engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }),
    folder: ttsCacheFolder(dataDir),
    // espeak-ng at its default rate here (160 wpm); a change of voice settings changes this.
    engineId: 'espeak-ng-160',
  });
  return new LibraryPromptAudio({ audioFiles: store.audioFiles, files, tts });
}
