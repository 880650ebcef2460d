import { refusal, refuse } from '../../call/endCauses.ts';
import type { Step } from '../step.ts';

/** Only meaningful inside an IVR menu (the menu handles it); anywhere else the setting is wrong. */
export const repeatMenu: Step<'repeatMenu'> = {
  needs: 'either',
  async run() {
    return refuse(refusal(500, 'Server Internal Error', 'repeatMenu outside an IVR menu', 'failed'));
  },
};
