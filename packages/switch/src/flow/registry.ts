import type { DestinationType } from '@vaxel/domain';
import type { Step } from './step.ts';
import { busyTone } from './steps/busyTone.ts';
import { externalNumber } from './steps/externalNumber.ts';
import { hangup } from './steps/hangup.ts';
import { ivrMenu } from './steps/ivrMenu.ts';
import { playMessage } from './steps/playMessage.ts';
import { repeatMenu } from './steps/repeatMenu.ts';
import { responseGroup } from './steps/responseGroup.ts';
import { ringUser } from './steps/user.ts';
import { voicemail } from './steps/voicemail.ts';

/** One step per type of the domain's `Destination`; a type without a step does not compile. */
export type StepRegistry = { readonly [T in DestinationType]: Step<T> };

export const steps: StepRegistry = {
  user: ringUser,
  externalNumber,
  hangup,
  busyTone,
  repeatMenu,
  playMessage,
  ivrMenu,
  voicemail,
  responseGroup,
};
