/**
 * Play a message and hang up (R21, R34, R35): the switch answers (the loop does, `needs`), plays
 * the prompt to the end — a key does not cut it short, it is the whole point of the call — and
 * ends the call itself.
 */
import type { CallOutcome } from '@vaxel/domain';
import { abortedCause } from '../../call/endCauses.ts';
import { sleep } from '../../kernel/clock.ts';
import { playToCaller, promptClips, type PromptCall } from '../playPrompts.ts';
import type { DestinationCause, DestinationOf, FlowServices, Step, StepResult } from '../step.ts';

/**
 * A moment of silence after the last word before the BYE, so a phone's jitter buffer plays it out
 * instead of the hang-up cutting it.
 */
export const MESSAGE_TAIL_MS = 300;

/**
 * R58: the call log's outcome of a call that ended with a message, by why it was sent there. The
 * switch answered it, but nobody did for a user who did not answer (`missed`), was busy (`busy`)
 * or rejected it (`rejected`), even when the caller hung up during the message; a message that
 * is where the call was routed (an unassigned number, an IVR key, closed hours) is the call
 * handled as configured (`answered`).
 */
export function messageOutcome(cause: DestinationCause): CallOutcome {
  switch (cause) {
    case 'routed':
      return 'answered';
    case 'unanswered':
      return 'missed';
    case 'busy':
      return 'busy';
    case 'rejected':
      return 'rejected';
  }
}

export type MessageCall = PromptCall & { readonly services: Pick<FlowServices, 'prompts' | 'logger' | 'clock'> };

export const playMessage = {
  needs: 'answered',
  async run(call: MessageCall, destination: DestinationOf<'playMessage'>, cause: DestinationCause): Promise<StepResult> {
    const clips = await promptClips(call, [destination.prompt]);
    const played = await playToCaller(call, clips, { bargeIn: false });
    if (played.reason === 'finished' && clips.length > 0) await sleep(call.services.clock, MESSAGE_TAIL_MS, call.abort);
    if (call.abort.aborted && abortedCause(call.abort).by === 'shutdown') return { kind: 'end', cause: { by: 'shutdown' } };
    return { kind: 'end', cause: { by: 'flow', outcome: messageOutcome(cause) } };
  },
} satisfies Step<'playMessage'>;
