import type { LanguageTag, Prompt } from '@vaxel/domain';

/**
 * What a menu says before it plays again after a key it does not have (R23), spoken in the menu's
 * TTS language (`advanced.ttsLanguage`): Swedish for `sv*`, else English (R80 speaks those two).
 */
export function invalidChoicePrompt(ttsLanguage: LanguageTag): Prompt {
  return ttsLanguage.toLowerCase().startsWith('sv')
    ? { type: 'tts', text: 'Det valet finns inte.', language: ttsLanguage }
    : {
        type: 'tts',
        text: 'That is not a valid choice.',
        language: ttsLanguage.toLowerCase().startsWith('en') ? ttsLanguage : 'en-GB',
      };
}
