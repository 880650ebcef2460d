import type { Prompt } from './prompt.ts';

/** 8 kHz mono 16-bit linear samples: the one audio format between the audio library and the switch. */
export type TelephonyAudio = Int16Array;

/**
 * Turns a {@link Prompt} into what a caller hears (R20, R31, R80): a file of the organisation's
 * audio library, or text spoken by the server's text-to-speech, synthesised once per text and
 * voice and then reused across calls. Declared here so the switch (playing) and the api
 * (previews) can share one implementation, wired in apps/vaxel.
 */
export interface PromptAudio {
  /**
   * Throws {@link PromptUnavailable} when the audio file is gone, is not the organisation's, or
   * text-to-speech cannot speak the language; the caller then hears the rest of the flow.
   */
  samples(organisationId: string, prompt: Prompt): Promise<TelephonyAudio>;
}

export class PromptUnavailable extends Error {
  constructor(
    readonly prompt: Prompt,
    detail: string,
  ) {
    super(`prompt unavailable: ${detail}`);
    this.name = 'PromptUnavailable';
  }
}
