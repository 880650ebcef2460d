import type { AudioConverter, ConvertedAudio } from './audio-converter.ts';
import { AudioError } from './errors.ts';
import { runProcess } from './run-process.ts';
import type { TextToSpeech } from './text-to-speech.ts';

export interface EspeakTextToSpeechOptions {
  /** Converts espeak-ng's 22 050 Hz output to the telephony format. */
  converter: AudioConverter;
  espeakPath?: string;
  /** Words per minute (espeak-ng `-s`, default 160: a little slower than its 175, for phone lines). */
  wordsPerMinute?: number;
  /** Longest text accepted, in characters (default 5000). */
  maxTextLength?: number;
  timeoutMs?: number;
}

/**
 * espeak-ng voices for the languages the console offers. The key is a lower-case BCP 47 tag
 * (RFC 5646) or its primary language subtag; a region without a voice of its own falls back to
 * the language (sv-FI → sv).
 */
const VOICES: Readonly<Record<string, string>> = {
  sv: 'sv',
  en: 'en-gb',
  'en-gb': 'en-gb',
  'en-us': 'en-us',
};

/** The espeak-ng voice for a BCP 47 language tag, or undefined when there is none. */
export function espeakVoiceFor(languageTag: string): string | undefined {
  const tag = languageTag.trim().toLowerCase().replaceAll('_', '-');
  const [language, region] = tag.split('-');
  if (!language) return undefined;
  return (region ? VOICES[`${language}-${region}`] : undefined) ?? VOICES[language];
}

/**
 * {@link TextToSpeech} running Debian's espeak-ng. The text goes to espeak-ng on stdin (never as
 * an argument, so a text starting with "-" is still just text), and the WAV it writes to stdout is
 * converted to 8 kHz mono 16-bit by the converter.
 */
export class EspeakTextToSpeech implements TextToSpeech {
  readonly #converter: AudioConverter;
  readonly #espeak: string;
  readonly #wordsPerMinute: number;
  readonly #maxTextLength: number;
  readonly #timeoutMs: number;

  constructor(options: EspeakTextToSpeechOptions) {
    this.#converter = options.converter;
    this.#espeak = options.espeakPath ?? 'espeak-ng';
    this.#wordsPerMinute = options.wordsPerMinute ?? 160;
    this.#maxTextLength = options.maxTextLength ?? 5000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  supportsLanguage(languageTag: string): boolean {
    return espeakVoiceFor(languageTag) !== undefined;
  }

  async synthesize(text: string, languageTag: string): Promise<ConvertedAudio> {
    const voice = espeakVoiceFor(languageTag);
    if (!voice)
      throw new AudioError(
        'unsupported_language',
        `no text-to-speech voice for '${languageTag}' (sv, en, en-GB, en-US)`,
      );
    const trimmed = text.trim();
    if (trimmed.length === 0) throw new RangeError('text to speak is empty');
    if (trimmed.length > this.#maxTextLength) {
      throw new RangeError(
        `text to speak is ${trimmed.length} characters, at most ${this.#maxTextLength} are accepted`,
      );
    }
    const result = await runProcess(this.#espeak, ['-v', voice, '-s', String(this.#wordsPerMinute), '--stdout'], {
      input: new TextEncoder().encode(trimmed),
      timeoutMs: this.#timeoutMs,
      maxStdoutBytes: 200 * 1024 * 1024,
      lowPriority: true,
    });
    if (result.exitCode !== 0 || result.timedOut || result.stdout.length === 0) {
      const why = result.timedOut ? 'timed out' : result.stderr.split('\n')[0] || `exit code ${result.exitCode}`;
      throw new AudioError('tool_unavailable', `espeak-ng failed: ${why}`);
    }
    return this.#converter.toTelephonyWav(new Uint8Array(result.stdout));
  }
}
