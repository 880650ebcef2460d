import { callProgressTone } from '@vaxel/media';
import type { FlowCall } from '../flow/step.ts';
import type { RingProgress } from './ringLegs.ts';

/**
 * What a caller hears while a user's phones or a carrier ring (the ringing steps' policy):
 * - a caller still ringing gets 180 once; the early media of a single leg (a carrier's ringback or
 *   announcement) is relayed as 183 through the switch's media — with several forks no one leg's
 *   media may speak for the others;
 * - a caller the switch answered already (after a menu key) gets no 180/183 (RFC 3261 §13.3.1.1:
 *   provisional responses only before the final one) but hears ringback, Sweden's 425 Hz (ITU-T
 *   E.180 Supplement 2), until a callee answers or ringing ends; a single leg's early media
 *   replaces the ringback.
 * `stop()` ends the ringback (or the early media's bridge) when ringing ended without an answer.
 */
export function ringProgress(
  call: Pick<FlowCall, 'leg' | 'media' | 'services'>,
  legCount: number,
): RingProgress & { stop(): Promise<void> } {
  let ringback = false;
  let early = false;
  const bridgeEarly = (sdp: string, signalledFrom: string): boolean => {
    try {
      call.media.acceptCalleeAnswer(sdp, signalledFrom);
      return true;
    } catch (error) {
      call.services.logger.debug('unusable early media SDP; plain ringing instead', { error: String(error) });
      return false;
    }
  };
  return {
    ringing() {
      if (!call.leg.answered) return call.leg.ring();
      if (ringback) return;
      ringback = true;
      void call.media.play('caller', { clips: [callProgressTone('ringback')], loop: true, bargeIn: false });
    },
    earlyMedia(sdp, _leg, signalledFrom) {
      if (legCount !== 1 || !bridgeEarly(sdp, signalledFrom)) return false;
      if (!call.leg.answered) call.leg.earlyMedia(call.media.answerToCaller());
      ringback = true; // the callee's media speaks now; no ringback after it
      early = true;
      void call.media.bridge();
      return true;
    },
    async stop() {
      if (early) await call.media.unbridge();
      else if (ringback && call.leg.answered) await call.media.stopPlaying('caller');
    },
  };
}
