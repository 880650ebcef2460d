import type { CallContext, Connection } from '../call/callContext.ts';
import type { EndCause } from '../call/callRecordRules.ts';
import type { MediaSide } from '../media/anchoredMedia.ts';
import type { CallDialog } from '../signalling/signallingPort.ts';

/**
 * The answered call: relays re-INVITEs (hold/resume, RFC 3264 §8.4) with SDP rewritten to the
 * switch's media, and ends both sides when one hangs up, when media stops (a peer vanished) or
 * when the switch stops. Resolves with why it ended.
 */
export function connected(ctx: CallContext, connection: Connection, inactive: Promise<MediaSide>): Promise<EndCause> {
  return new Promise((resolve) => {
    let ended = false;
    const end = (cause: EndCause, hangUp: CallDialog[]) => {
      if (ended) return;
      ended = true;
      ctx.abort.removeEventListener('abort', onAbort);
      // Wait for the BYEs to be answered (or time out) so that a stopping switch does not close
      // its sockets under them.
      void Promise.allSettled(hangUp.map((dialog) => dialog.bye())).then(() => resolve(cause));
    };
    const onAbort = () => end({ by: 'shutdown' }, [connection.caller, connection.callee]);
    if (ctx.abort.aborted) return onAbort();
    ctx.abort.addEventListener('abort', onAbort);

    connection.caller.onBye(() => end({ by: 'caller' }, [connection.callee]));
    connection.callee.onBye(() => end({ by: 'caller' }, [connection.caller]));
    void inactive.then((side) => {
      ctx.services.logger.warn('no RTP from a party; ending the call', { side });
      end({ by: 'failure', detail: `RTP inactivity on the ${side} side` }, [connection.caller, connection.callee]);
    });

    const relay = (from: MediaSide, other: CallDialog) => async (sdp: string | null): Promise<string | null> => {
      if (ended) return null;
      if (sdp === null) return ctx.media.currentAnswer(from);
      let offerToOther: string;
      try {
        offerToOther = ctx.media.relayOffer(from, sdp).offerToOther;
      } catch {
        return null;
      }
      const answer = await other.reinvite(offerToOther);
      if (answer === null) return null;
      try {
        return ctx.media.relayAnswer(from, answer);
      } catch {
        return null;
      }
    };
    connection.caller.onReinvite(relay('caller', connection.callee));
    connection.callee.onReinvite(relay('callee', connection.caller));
  });
}
