import { RuleViolation, type FieldError } from './errors.ts';

/** A language that text-to-speech is asked to speak somewhere in a settings value, with the field. */
export type SpokenLanguage = { language: string; field: string };

/** Whether the server can speak a BCP 47 language tag (answered by the text-to-speech adapter). */
export type SpeaksLanguage = (languageTag: string) => boolean;

/**
 * Walks any settings value for what the switch will speak: every text-to-speech prompt's
 * `language` (welcome and closed messages, greetings, announcements, play-a-message destinations
 * at any depth) and an IVR menu's `ttsLanguage`.
 */
export function collectSpokenLanguages(value: unknown, path = ''): SpokenLanguage[] {
  const out: SpokenLanguage[] = [];
  walk(value, path, out, 0);
  return out;
}

function walk(value: unknown, path: string, out: SpokenLanguage[], depth: number): void {
  if (depth > 32) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, out, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (record.type === 'tts' && typeof record.text === 'string' && typeof record.language === 'string') {
    out.push({ language: record.language, field: join(path, 'language') });
    return;
  }
  for (const [key, child] of Object.entries(record)) {
    if (key === 'ttsLanguage' && typeof child === 'string') out.push({ language: child, field: join(path, key) });
    else walk(child, join(path, key), out, depth + 1);
  }
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * A prompt in a language the server cannot speak would fail on a real call, so it is refused
 * when saved, with the same code as creating a text-to-speech audio file in that language.
 */
export function checkSpokenLanguages(value: unknown, speaks: SpeaksLanguage, basePath = ''): void {
  const errors: FieldError[] = collectSpokenLanguages(value, basePath)
    .filter((spoken) => !speaks(spoken.language))
    .map((spoken) => ({ path: spoken.field, message: unsupportedLanguageMessage(spoken.language) }));
  if (errors.length > 0) throw new RuleViolation(errors, 'unsupported_language');
}

export function unsupportedLanguageMessage(language: string): string {
  return `this server has no text-to-speech voice for ${language}; choose another language or an audio file`;
}
