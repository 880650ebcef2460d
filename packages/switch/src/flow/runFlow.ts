import type { DestinationType } from '@vaxel/domain';
import type { FlowStart } from '../call/admitCall.ts';
import { abortedCause, refusal } from '../call/endCauses.ts';
import type { CallDialog } from '../signalling/signallingPort.ts';
import { agentLogin } from './agentLogin/agentLogin.ts';
import { emergencyCall } from './emergencyCall.ts';
import { listenToVoicemail } from './voicemail/listenToVoicemail.ts';
import { steps as registry, type StepRegistry } from './registry.ts';
import type { EndCause, FlowCall, Step, StepResult } from './step.ts';
import { bridged } from './steps/bridged.ts';

/** How many times rules may send a call on (forward after forward) before the switch gives up. */
export const MAX_STEPS = 10;

/** What the loop needs of the call beyond the steps' view (implemented by CallSession). */
export interface FlowSession extends FlowCall {
  /** The caller's dialog once answered. */
  readonly callerDialog: CallDialog | null;
  /** Back to Routing after ringing that ended unanswered (nothing when answered or routing). */
  routing(): void;
  /** The callee's media is joined to the caller's: Bridged, and the call log names who answered. */
  bridged(answeredByUserId: string | null): void;
}

/**
 * The call's flow: run the step for the current destination, answering the caller first when the
 * step needs it, and follow what it returns until the call ends or a callee is bridged.
 */
export async function runFlow(call: FlowSession, start: FlowStart, steps: StepRegistry = registry): Promise<EndCause> {
  let result: StepResult = await firstStep(call, start);
  for (let hops = 0; result.kind === 'next'; hops++) {
    if (call.abort.aborted) return abortedCause(call.abort);
    if (hops === MAX_STEPS)
      return { by: 'refusal', refusal: refusal(482, 'Loop Detected', 'too many forwarding steps', 'failed') };
    call.routing();
    // The registry pairs each type with its step; TS cannot follow that through a union index.
    const step = steps[result.destination.type] as Step<DestinationType>;
    if (step.needs === 'answered' && !call.leg.answered) {
      try {
        await call.leg.answer();
      } catch (error) {
        return { by: 'failure', detail: `the caller could not be answered: ${String(error)}` };
      }
    }
    result = await step.run(call, result.destination, result.cause);
  }
  return result.kind === 'end' ? result.cause : bridged(call, result.connection);
}

/** The flow's own first steps (emergency, voicemail by phone, agent login), or the start as it is. */
function firstStep(call: FlowSession, start: FlowStart): Promise<StepResult> | StepResult {
  switch (start.kind) {
    case 'emergency':
      return emergencyCall(call, start.digits);
    case 'voicemail':
      return listenToVoicemail(call, start.entry);
    case 'agentLogin':
      return agentLogin(call, start.start);
    default:
      return start;
  }
}
