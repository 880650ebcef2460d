import { refusal, refuse } from '../../call/endCauses.ts';
import type { Step } from '../step.ts';

/**
 * Destination doc: "ends the call with a busy signal (SIP 486)" — the caller's phone plays it;
 * an answered caller hears the switch's busy tone before BYE (call/endCauses.ts). A refused call
 * is logged as rejected, an unanswered one as missed, the rest as busy.
 */
export const busyTone: Step<'busyTone'> = {
  needs: 'either',
  async run(_call, _destination, cause) {
    return refuse(
      refusal(486, 'Busy Here', null, cause === 'rejected' ? 'rejected' : cause === 'unanswered' ? 'missed' : 'busy'),
    );
  },
};
