/**
 * Play a message and hang up (R21, R34, R35): the switch answers (the loop does, `needs`), plays
 * the prompt to the end — a key does not cut it short, it is the whole point of the call — and
 * ends the call itself. The call log's outcome follows why the call came here (`handledOutcome`:
 * `answered` when routed here, `missed` / `busy` / `rejected` after a user's rules).
 */
import { abortedCause, handledOutcome } from '../../call/endCauses.ts';
import { sleep } from '../../kernel/clock.ts';
import { playToCaller, promptClips, type PromptCall } from '../playPrompts.ts';
import type { DestinationCause, DestinationOf, FlowServices, Step, StepResult } from '../step.ts';

/**
 * A moment of silence after the last word before the BYE, so a phone's jitter buffer plays it out
 * instead of the hang-up cutting it.
 */
export const MESSAGE_TAIL_MS = 300;

export type MessageCall = PromptCall & { readonly services: Pick<FlowServices, 'prompts' | 'logger' | 'clock'> };

export const playMessage = {
  needs: 'answered',
  async run(
    call: MessageCall,
    destination: DestinationOf<'playMessage'>,
    cause: DestinationCause,
  ): Promise<StepResult> {
    const clips = await promptClips(call, [destination.prompt]);
    const played = await playToCaller(call, clips, { bargeIn: false });
    if (played.reason === 'finished' && clips.length > 0) await sleep(call.services.clock, MESSAGE_TAIL_MS, call.abort);
    if (call.abort.aborted && abortedCause(call.abort).by === 'shutdown')
      return { kind: 'end', cause: { by: 'shutdown' } };
    return { kind: 'end', cause: { by: 'flow', outcome: handledOutcome(cause) } };
  },
} satisfies Step<'playMessage'>;
