import type { CallContext } from './callContext.ts';
import type { EndCause } from './callRecordRules.ts';
import { CallState } from './callState.ts';
import type { MediaSide } from '../media/anchoredMedia.ts';
import type { DestinationStep } from '../routing/destinationStep.ts';
import { connected } from '../steps/connected.ts';
import { dialEmergency } from '../steps/dialEmergency.ts';
import { dialExternal } from '../steps/dialExternal.ts';
import { refuse } from '../steps/refuse.ts';
import { ringUser, type StepOutcome } from '../steps/ringUser.ts';

/** How many times rules may send a call on (forward after forward) before the switch gives up. */
const MAX_STEPS = 10;

/**
 * The thin loop of one call: run the step for the current destination until one connects the
 * call or refuses it, then stay connected until it ends, and write the end to the call log.
 * Never throws: whatever fails ends the call as failed (R78).
 */
export async function runCallSession(ctx: CallContext, first: DestinationStep, inactive: Promise<MediaSide>): Promise<void> {
  let cause: EndCause;
  try {
    cause = await routeAndConnect(ctx, first, inactive);
  } catch (error) {
    ctx.services.logger.error('call failed', { error: error instanceof Error ? error.stack ?? error.message : String(error) });
    if (ctx.state.state !== CallState.Answered && ctx.state.state !== CallState.Ended) {
      ctx.invite.reject(500, 'Server Internal Error', 'the switch failed while routing the call');
    }
    cause = { by: 'failure', detail: String(error) };
  }
  if (ctx.state.state !== CallState.Ended) ctx.state.transition(CallState.Ended);
  ctx.log.ended(ctx.services.now(), cause);
}

async function routeAndConnect(ctx: CallContext, first: DestinationStep, inactive: Promise<MediaSide>): Promise<EndCause> {
  let step = first;
  for (let hops = 0; hops < MAX_STEPS; hops++) {
    let outcome: StepOutcome;
    switch (step.step) {
      case 'refuse':
        refuse(ctx, step);
        return { by: 'refusal', outcome: step.outcome };
      case 'ringUser':
        outcome = await ringUser(ctx, step.userId);
        break;
      case 'dialExternal':
        outcome = await dialExternal(ctx, step.number);
        break;
      case 'dialEmergency':
        outcome = await dialEmergency(ctx, step.digits);
        break;
    }
    switch (outcome.kind) {
      case 'next':
        step = outcome.step;
        continue;
      case 'aborted':
        // The caller cancelled (the port answered 487 for us) or the switch is stopping.
        if (ctx.abort.reason === 'shutdown') {
          ctx.invite.reject(503, 'Service Unavailable', 'the switch is shutting down');
          return { by: 'shutdown' };
        }
        return { by: 'caller' };
      case 'failed':
        return { by: 'failure', detail: outcome.detail };
      case 'connected':
        return connected(ctx, outcome.connection, inactive);
    }
  }
  ctx.invite.reject(482, 'Loop Detected', 'too many forwarding steps');
  return { by: 'refusal', outcome: 'failed' };
}
