import { z } from 'zod';
import { Id, LanguageTag, Timestamp } from './primitives.ts';
import { DisplayName, PromptText } from './text.ts';

export const AudioSource = z.enum(['upload', 'recording', 'tts']);
export type AudioSource = z.infer<typeof AudioSource>;

/** R40–R45: an entry of the organisation's audio library. Content lives in the file store. */
export const AudioFile = z.object({
  id: Id,
  organisationId: Id,
  name: z.string(),
  language: z.string(),
  source: AudioSource,
  ttsText: z.string().nullable(),
  durationMs: z.number().int(),
  originalMimeType: z.string(),
  originalFileName: z.string().nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AudioFile = z.infer<typeof AudioFile>;

export const AudioFileTtsCreate = z
  .object({
    name: DisplayName,
    language: LanguageTag,
    text: PromptText,
  })
  .strict();
export type AudioFileTtsCreate = z.infer<typeof AudioFileTtsCreate>;

export const AudioFileUpdate = z
  .object({ name: DisplayName, language: LanguageTag, text: PromptText })
  .partial()
  .strict();
export type AudioFileUpdate = z.infer<typeof AudioFileUpdate>;

/** Upload limits (R45). */
export const audioLimits = { maxBytes: 20 * 1024 * 1024, maxSeconds: 600 } as const;
