import { notAvailableYet, refuse } from '../../call/endCauses.ts';
import type { Step } from '../step.ts';

/** 480 with a plain Warning until this destination is built (issue 8). */
export const ivrMenu: Step<'ivrMenu'> = {
  needs: 'either',
  async run(_call, _destination, cause) {
    return refuse(notAvailableYet('IVR menus', cause));
  },
};
