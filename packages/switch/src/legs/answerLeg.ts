import type { SipResponse } from '@vaxel/sip';
import type { FlowCall } from '../flow/step.ts';
import type { CallDialog } from '../signalling/signallingPort.ts';

/** A callee leg that answered, ready to be bridged with the caller (`flow/steps/bridged.ts`). */
export interface Connection {
  callee: CallDialog;
  /** The user who answered, if a user (null for a trunk). */
  answeredByUserId: string | null;
  /** Ends what this callee holds while connected (their presence mark), when the bridge ends. */
  release?: () => void;
}

/**
 * A leg answered: take its SDP for the callee side of the call's media. Returns null, after
 * ending the callee leg with BYE, when the SDP is unusable. The caller is answered (if it is not
 * yet) and the media bridged by the `bridged` state, so this works for a caller the switch
 * answered before (after a menu key) as for one still ringing.
 */
export function acceptCallee(
  call: Pick<FlowCall, 'media' | 'services'>,
  response: SipResponse,
  callee: CallDialog,
  answeredByUserId: string | null,
): Connection | null {
  try {
    call.media.acceptCalleeAnswer(response.body.toString('utf8'), callee.signalledFrom);
  } catch (error) {
    call.services.logger.warn('callee answered with unusable SDP', { error: String(error) });
    void callee.bye('unusable SDP');
    return null;
  }
  return { callee, answeredByUserId };
}
