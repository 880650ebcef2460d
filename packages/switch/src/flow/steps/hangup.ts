import { handledOutcome, outcomeFor, refusal, refuse } from '../../call/endCauses.ts';
import type { Step } from '../step.ts';

/**
 * Ends the call: 603 Decline to a caller still ringing; a plain BYE to one the switch answered
 * (a menu's no-input, invalid-key or closed destination), logged as the call handled as set up.
 */
export const hangup: Step<'hangup'> = {
  needs: 'either',
  async run(call, _destination, cause) {
    if (call.leg.answered) return { kind: 'end', cause: { by: 'flow', outcome: handledOutcome(cause) } };
    return refuse(refusal(603, 'Decline', null, outcomeFor(cause)));
  },
};
