import { z } from 'zod';
import { Id, LanguageTag } from './primitives.ts';
import { PromptText } from './text.ts';

/**
 * What a caller hears: text spoken by the switch's text-to-speech, or a file from the
 * organisation's audio library (R20, R31, R15).
 */
export const Prompt = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('tts'),
      text: PromptText,
      language: LanguageTag,
    })
    .strict(),
  z.object({ type: z.literal('audioFile'), audioFileId: Id }).strict(),
]);
export type Prompt = z.infer<typeof Prompt>;
