/**
 * Playing prompts to the caller, shared by the steps that speak (a message, a menu): the audio of
 * each prompt from the audio-library/TTS port, then one gapless playback that ends when it is
 * done, when a key stops it (barge-in), or when the caller hangs up.
 */
import { PromptUnavailable, type Prompt, type TelephonyAudio } from '@vaxel/domain';
import type { PlaybackEnd } from '../media/callMedia.ts';
import type { FlowCall, FlowServices } from './step.ts';

/** What playing prompts needs of a call. */
export type PromptCall = Pick<FlowCall, 'organisationId' | 'media' | 'abort'> & {
  readonly services: Pick<FlowServices, 'prompts' | 'logger'>;
};

/**
 * The audio of `prompts`, in order. A prompt that cannot be had (a deleted audio file, a language
 * text-to-speech cannot speak) is left out with a warning: the caller hears the rest of the flow
 * rather than nothing at all (PromptAudio's contract).
 */
export async function promptClips(call: PromptCall, prompts: readonly Prompt[]): Promise<TelephonyAudio[]> {
  const clips = await Promise.all(
    prompts.map(async (prompt) => {
      try {
        return await call.services.prompts.samples(call.organisationId, prompt);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        const what =
          prompt.type === 'tts'
            ? { prompt: 'tts', language: prompt.language }
            : { prompt: 'audioFile', audioFileId: prompt.audioFileId };
        call.services.logger.warn(
          error instanceof PromptUnavailable ? 'prompt unavailable, not played' : 'prompt failed, not played',
          { ...what, detail },
        );
        return null;
      }
    }),
  );
  return clips.filter((clip): clip is TelephonyAudio => clip !== null && clip.length > 0);
}

/** How a playback to the caller ended; `hungUp` when the call was aborted first. */
export type Played = PlaybackEnd | { reason: 'hungUp' };

/** Plays `clips` back to back to the caller (nothing to play ends as `finished` at once). */
export async function playToCaller(
  call: PromptCall,
  clips: readonly TelephonyAudio[],
  options: { bargeIn: boolean },
): Promise<Played> {
  if (call.abort.aborted) return { reason: 'hungUp' };
  if (clips.length === 0) return { reason: 'finished' };
  let onAbort = () => {};
  const hungUp = new Promise<Played>((resolve) => {
    onAbort = () => resolve({ reason: 'hungUp' });
    call.abort.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const end = await Promise.race([call.media.play('caller', { clips, bargeIn: options.bargeIn }), hungUp]);
    // The media of a call that ended is closed by its session; stopping it here would race that.
    return end;
  } finally {
    call.abort.removeEventListener('abort', onAbort);
  }
}
