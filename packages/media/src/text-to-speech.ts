import type { ConvertedAudio } from './audio-converter.ts';

/**
 * Speaks text in a language, producing telephony audio (8 kHz mono 16-bit PCM WAVE).
 *
 * Rejects with {@link AudioError} `unsupported_language` for a language without a voice,
 * `tool_unavailable` when the engine is missing or fails, and `RangeError` for empty or overlong text.
 */
export interface TextToSpeech {
  synthesize(text: string, languageTag: string): Promise<ConvertedAudio>;
  supportsLanguage(languageTag: string): boolean;
}
