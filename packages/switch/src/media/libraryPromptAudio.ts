import { PromptUnavailable, type Prompt, type PromptAudio, type TelephonyAudio } from '@vaxel/domain';
import { AudioError, G711_SAMPLE_RATE, parseWav, wavSamples, type TextToSpeech } from '@vaxel/media';
import { fileKeys, type AudioFileRepository, type FileStore } from '@vaxel/store';

export interface LibraryPromptAudioOptions {
  /** Whose audio file is whose: a file of another organisation is not played. */
  audioFiles: Pick<AudioFileRepository, 'get'>;
  /** Holds each audio file's telephony WAV (`fileKeys.audioTelephony`). */
  files: Pick<FileStore, 'get'>;
  /** Text-to-speech, cached by text + voice (a `CachedTextToSpeech`). */
  tts: TextToSpeech;
  /** Decoded samples kept for popular prompts (default 8 000 × 60 × 20: twenty minutes, 19 MiB). */
  maxCachedSamples?: number;
}

/**
 * The domain's {@link PromptAudio} over the organisation's audio library (R20, R31) and the
 * server's text-to-speech (R80), for the switch to play.
 *
 * An audio file is the organisation's own or it is not played: every request asks the store
 * (tenant-scoped) for it, then reads its telephony WAV. Decoded samples are kept in a bounded LRU
 * (keyed by the file's id and `updatedAt`, so a re-recorded file is read again), so a prompt that
 * every call hears is decoded once. TTS audio comes from the `tts` (cached by text + voice there)
 * and is kept decoded here the same way.
 */
export class LibraryPromptAudio implements PromptAudio {
  readonly #options: LibraryPromptAudioOptions;
  readonly #maxSamples: number;
  readonly #decoded = new Map<string, TelephonyAudio>();
  #cachedSamples = 0;

  constructor(options: LibraryPromptAudioOptions) {
    this.#options = options;
    this.#maxSamples = options.maxCachedSamples ?? G711_SAMPLE_RATE * 60 * 20;
  }

  async samples(organisationId: string, prompt: Prompt): Promise<TelephonyAudio> {
    return prompt.type === 'audioFile' ? this.#audioFile(organisationId, prompt) : this.#speech(prompt);
  }

  async #audioFile(organisationId: string, prompt: Extract<Prompt, { type: 'audioFile' }>): Promise<TelephonyAudio> {
    const file = await this.#options.audioFiles.get(organisationId, prompt.audioFileId);
    if (!file)
      throw new PromptUnavailable(prompt, `audio file ${prompt.audioFileId} is not in the organisation's library`);
    const key = `file:${organisationId}:${file.id}:${file.updatedAt}`;
    const cached = this.#hit(key);
    if (cached) return cached;
    const bytes = await this.#options.files.get(fileKeys.audioTelephony(organisationId, file.id));
    if (!bytes) throw new PromptUnavailable(prompt, `audio file ${file.id} has no telephony audio in the file store`);
    return this.#keep(key, decode(prompt, bytes));
  }

  async #speech(prompt: Extract<Prompt, { type: 'tts' }>): Promise<TelephonyAudio> {
    const tts = this.#options.tts;
    if (!tts.supportsLanguage(prompt.language))
      throw new PromptUnavailable(prompt, `text-to-speech has no voice for '${prompt.language}'`);
    const key = `tts:${prompt.language.toLowerCase()}:${prompt.text.trim()}`;
    const cached = this.#hit(key);
    if (cached) return cached;
    let wav: Uint8Array;
    try {
      wav = (await tts.synthesize(prompt.text, prompt.language)).wav;
    } catch (error) {
      if (error instanceof AudioError || error instanceof RangeError)
        throw new PromptUnavailable(prompt, error.message);
      throw error;
    }
    return this.#keep(key, decode(prompt, wav));
  }

  #hit(key: string): TelephonyAudio | undefined {
    const samples = this.#decoded.get(key);
    if (!samples) return undefined;
    this.#decoded.delete(key);
    this.#decoded.set(key, samples);
    return samples;
  }

  #keep(key: string, samples: TelephonyAudio): TelephonyAudio {
    if (samples.length > this.#maxSamples) return samples;
    this.#decoded.set(key, samples);
    this.#cachedSamples += samples.length;
    for (const [oldest, old] of this.#decoded) {
      if (this.#cachedSamples <= this.#maxSamples) break;
      this.#decoded.delete(oldest);
      this.#cachedSamples -= old.length;
    }
    return samples;
  }
}

/** The samples of a telephony WAV (8 kHz mono); anything else is a file the switch cannot play. */
function decode(prompt: Prompt, bytes: Uint8Array): TelephonyAudio {
  try {
    const audio = parseWav(bytes);
    if (audio.sampleRate !== G711_SAMPLE_RATE || audio.channels !== 1) {
      throw new AudioError(
        'unsupported_audio',
        `${audio.sampleRate} Hz with ${audio.channels} channels, 8000 Hz mono expected`,
      );
    }
    return wavSamples(audio);
  } catch (error) {
    if (error instanceof AudioError) throw new PromptUnavailable(prompt, error.message);
    throw error;
  }
}
