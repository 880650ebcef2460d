import type { SipResponse } from '@vaxel/sip';
import type { CallContext, Connection } from '../call/callContext.ts';
import { CallState } from '../call/callState.ts';
import type { CallDialog } from '../signalling/signallingPort.ts';

/**
 * A leg answered: take its SDP, bridge the media, answer the caller with the switch's SDP and
 * wait for the caller's ACK. Only then is the call answered (state and call log). Returns null,
 * after ending the callee leg, when the callee's SDP is unusable or the caller never ACKs.
 */
export async function answerCall(ctx: CallContext, response: SipResponse, callee: CallDialog, answeredByUserId: string | null): Promise<Connection | null> {
  try {
    ctx.media.acceptCalleeAnswer(response.body.toString('utf8'));
  } catch (error) {
    ctx.services.logger.warn('callee answered with unusable SDP', { error: String(error) });
    void callee.bye('unusable SDP');
    return null;
  }
  const answeredAt = ctx.services.now();
  ctx.media.bridge();
  let caller: CallDialog;
  try {
    caller = await ctx.invite.accept(ctx.media.answerToCaller());
  } catch (error) {
    // RFC 3261 §13.3.1.4: without an ACK for the 2xx the session is not established; the UA
    // core ends the caller's side with BYE, the callee's is ended here.
    ctx.services.logger.warn('caller never acknowledged the answer', { error: String(error) });
    void callee.bye('caller did not acknowledge');
    return null;
  }
  ctx.state.transition(CallState.Answered);
  ctx.log.answered(answeredAt, answeredByUserId);
  return { caller, callee, answeredByUserId };
}
