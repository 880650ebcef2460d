import type { CallContext } from '../call/callContext.ts';
import type { DestinationStep } from '../routing/destinationStep.ts';

/** Answers the caller with a final failure (busy tone, not available, not found ...). */
export function refuse(ctx: CallContext, step: Extract<DestinationStep, { step: 'refuse' }>): void {
  ctx.invite.reject(step.status, step.reason, step.warning);
}
