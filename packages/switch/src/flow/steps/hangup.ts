import { outcomeFor, refusal, refuse } from '../../call/endCauses.ts';
import type { Step } from '../step.ts';

/** Ends the call: 603 Decline to a caller still ringing, a plain BYE to an answered one. */
export const hangup: Step<'hangup'> = {
  needs: 'either',
  async run(_call, _destination, cause) {
    return refuse(refusal(603, 'Decline', null, outcomeFor(cause)));
  },
};
