import { describe, expect, it } from 'vitest';
import { RuleViolation } from './errors.ts';
import { checkSpokenLanguages, collectSpokenLanguages } from './spokenLanguages.ts';

const speaksSwedishAndEnglish = (tag: string) => /^(sv|en)(-|$)/i.test(tag);

const menu = {
  prompts: [
    { type: 'tts', text: 'Välkommen', language: 'sv-SE' },
    { type: 'audioFile', audioFileId: 'a1' },
  ],
  keys: { '1': { type: 'playMessage', prompt: { type: 'tts', text: 'Tervetuloa', language: 'fi-FI' } } },
  closedPrompt: null,
  advanced: { ttsLanguage: 'de-DE' },
};

describe('the languages a settings value asks text-to-speech to speak', () => {
  it('are found in prompts at any depth and in an IVR menu’s ttsLanguage, with their paths', () => {
    expect(collectSpokenLanguages(menu)).toEqual([
      { language: 'sv-SE', field: 'prompts[0].language' },
      { language: 'fi-FI', field: 'keys.1.prompt.language' },
      { language: 'de-DE', field: 'advanced.ttsLanguage' },
    ]);
  });

  it('are reported below a base path', () => {
    expect(
      collectSpokenLanguages({ voicemail: { greeting: { type: 'tts', text: 'Hej', language: 'sv' } } }, 'settings'),
    ).toEqual([{ language: 'sv', field: 'settings.voicemail.greeting.language' }]);
  });
});

describe('checking them', () => {
  it('refuses every language the server cannot speak with unsupported_language', () => {
    let error: unknown;
    try {
      checkSpokenLanguages(menu, speaksSwedishAndEnglish);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).code).toBe('unsupported_language');
    expect((error as RuleViolation).errors.map((e) => e.path)).toEqual([
      'keys.1.prompt.language',
      'advanced.ttsLanguage',
    ]);
  });

  it('passes when every language is spoken', () => {
    expect(() =>
      checkSpokenLanguages({ prompts: [{ type: 'tts', text: 'Hello', language: 'en-US' }] }, speaksSwedishAndEnglish),
    ).not.toThrow();
  });
});
