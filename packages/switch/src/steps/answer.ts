import type { CallContext, Connection } from '../call/callContext.ts';
import { CallState } from '../call/callState.ts';
import type { CallDialog } from '../signalling/signallingPort.ts';
import type { SipResponse } from '@vaxel/sip';

/**
 * A leg answered: take its SDP, answer the caller with the switch's SDP, wait for the caller's
 * ACK and bridge the media. Returns null (after ending the callee leg) when the callee's SDP is
 * unusable or the caller never ACKs; the caller's dialog is then gone too.
 */
export async function answerCall(ctx: CallContext, response: SipResponse, callee: CallDialog, answeredByUserId: string | null): Promise<Connection | null> {
  try {
    ctx.media.acceptCalleeAnswer(response.body.toString('utf8'));
  } catch (error) {
    ctx.services.logger.warn('callee answered with unusable SDP', { error: String(error) });
    void callee.bye('unusable SDP');
    return null;
  }
  ctx.state.transition(CallState.Answered);
  ctx.log.answered(ctx.services.now(), answeredByUserId);
  ctx.media.bridge();
  try {
    const caller = await ctx.invite.accept(ctx.media.answerToCaller());
    return { caller, callee, answeredByUserId };
  } catch (error) {
    // RFC 3261 §13.3.1.4: no ACK for the 2xx: "the UAS core considers the session ... not
    // established and SHOULD terminate it with BYE" — here the caller's side is already failed
    // by the port; the callee still has a live dialog.
    ctx.services.logger.warn('caller never acknowledged the answer', { error: String(error) });
    void callee.bye('caller did not acknowledge');
    return null;
  }
}
