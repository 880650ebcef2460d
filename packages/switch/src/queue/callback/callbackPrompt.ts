/**
 * Speaking a callback phrase to one side of a call and hearing how it ended. The queue sits
 * below the flow (switch.md's folder order), so this does what flow/playPrompts.ts does for
 * steps, for the one text at a time a callback speaks: the audio from the call's PromptAudio
 * (cached TTS), played on `side`, ended by a key (barge-in) or by the call's abort.
 */
import type { Language } from '@vaxel/domain';
import type { FlowCall } from '../../flow/step.ts';
import type { MediaSide } from '../../media/callMedia.ts';
import { speak } from './callbackPhrases.ts';

export type SpeakingCall = Pick<FlowCall, 'organisationId' | 'media' | 'abort'> & {
  readonly services: Pick<FlowCall['services'], 'prompts' | 'logger'>;
};

export type Spoken = 'finished' | 'digit' | 'hungUp';

export async function sayTo(
  call: SpeakingCall,
  side: MediaSide,
  language: Language,
  text: string,
  bargeIn: boolean,
): Promise<Spoken> {
  if (call.abort.aborted) return 'hungUp';
  let clip;
  try {
    clip = await call.services.prompts.samples(call.organisationId, speak(language, text));
  } catch (error) {
    // PromptAudio's contract: a prompt that cannot be had is left out, the call goes on.
    call.services.logger.warn('callback prompt unavailable, not played', {
      detail: error instanceof Error ? error.message : String(error),
    });
    return 'finished';
  }
  if (call.abort.aborted) return 'hungUp';
  let onAbort = () => {};
  const hungUp = new Promise<Spoken>((resolve) => {
    onAbort = () => resolve('hungUp');
    call.abort.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const end = await Promise.race([
      call.media
        .play(side, { clips: [clip], bargeIn })
        .then((e) => (e.reason === 'digit' ? 'digit' : 'finished') as Spoken),
      hungUp,
    ]);
    return call.abort.aborted ? 'hungUp' : end;
  } finally {
    call.abort.removeEventListener('abort', onAbort);
  }
}
