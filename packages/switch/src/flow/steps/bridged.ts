import type { Connection } from '../../legs/answerLeg.ts';
import type { MediaSide } from '../../media/callMedia.ts';
import { infoDigits } from '../../media/sipInfoDigits.ts';
import type { CallDialog } from '../../signalling/signallingPort.ts';
import { callRecording } from '../callRecording.ts';
import type { FlowSession } from '../runFlow.ts';
import type { EndCause } from '../step.ts';

/**
 * The connected state: joins the callee's media to the caller's, answers the caller if the
 * switch had not (RFC 3261 §13.3.1.4: only the ACK establishes the session), relays re-INVITEs
 * (hold/resume, RFC 3264 §8.4) with SDP rewritten to the switch's media, and resolves with why it
 * ended once the callee's side is closed: the caller hung up, the callee did, media stopped (a
 * peer vanished) or the switch is stopping. The caller's side is ended by the session
 * (call/endCauses.ts).
 */
export async function bridged(call: FlowSession, connection: Connection): Promise<EndCause> {
  const { media, services } = call;
  try {
    // R56, R77: the policy of the user who answered or the group the call came through, decided
    // before the parties are joined, so under `always` the announcement comes first.
    const recording = await callRecording(call, {
      userId: connection.answeredByUserId,
      responseGroupId: call.responseGroupId ?? null,
    });
    await media.bridge();
    if (!call.leg.answered) {
      try {
        await call.leg.answer();
      } catch (error) {
        // Without an ACK the UA core ends the caller's side with BYE; the callee's is ended here.
        services.logger.warn('caller never acknowledged the answer', { error: String(error) });
        await connection.callee.bye('caller did not acknowledge');
        return call.abort.aborted && call.abort.reason === 'shutdown'
          ? { by: 'shutdown' }
          : { by: 'failure', detail: 'the caller did not acknowledge the answer' };
      }
    }
    const caller = call.callerDialog!;
    call.bridged(connection.answeredByUserId);
    recording.start();
    // Issue 10: both legs' dialogs kept while the call lasts, for a restart after a crash.
    const forgetDialogs =
      services.liveDialogs?.keep(call.organisationId, call.id, [caller, connection.callee]) ?? (() => {});
    try {
      return await connected(call, caller, connection.callee);
    } finally {
      forgetDialogs();
      await recording.finish();
    }
  } finally {
    connection.release?.();
  }
}

function connected(call: FlowSession, caller: CallDialog, callee: CallDialog): Promise<EndCause> {
  const { media, services } = call;
  return new Promise((resolve) => {
    let ended = false;
    const end = (cause: EndCause, hangUpCallee: boolean) => {
      if (ended) return;
      ended = true;
      call.abort.removeEventListener('abort', onAbort);
      unsubscribe();
      // Wait for the BYE to be answered (or time out) so that a stopping switch does not close
      // its sockets under it.
      void (hangUpCallee ? callee.bye() : Promise.resolve()).then(() => resolve(cause));
    };
    // Each cause carries when it happened: the BYE to the other side may take long to be answered.
    const now = () => new Date(services.clock.now());
    // The caller's BYE and CANCEL abort the call's signal (CallSession), as does the switch stopping.
    const onAbort = () =>
      end(call.abort.reason === 'shutdown' ? { by: 'shutdown', at: now() } : { by: 'caller', at: now() }, true);
    const unsubscribe = media.on((event) => {
      if (event.type !== 'inactive') return;
      services.logger.warn('no RTP from a party; ending the call', {
        side: event.side,
        silentForMs: Math.round(event.silentForMs),
      });
      // Issue 10: the call ended when media stopped (the last packet), not when the timeout fired.
      const lastPacketAt = new Date(services.clock.now() - event.silentForMs);
      end({ by: 'media', side: event.side, at: lastPacketAt }, true);
    });
    if (call.abort.aborted) return onAbort();
    call.abort.addEventListener('abort', onAbort);
    callee.onBye(() => end({ by: 'callee', at: now() }, false));
    // The callee's keys by SIP INFO join its digit stream (the caller's are the caller leg's).
    callee.onInfo(infoDigits((key) => media.injectDigit('callee', key, 'info')));

    // Each side's new SDP is trusted with the host its SIP came from (RFC 7362): the re-INVITE's
    // source for the offerer, the other dialog's peer for the answer.
    const relay =
      (from: MediaSide, other: CallDialog) =>
      async (sdp: string | null, signalledFrom: string): Promise<string | null> => {
        if (ended) return null;
        if (sdp === null) return media.currentAnswer(from);
        let offerToOther: string;
        try {
          offerToOther = media.relayOffer(from, sdp, signalledFrom).offerToOther;
        } catch {
          return null;
        }
        const answer = await other.reinvite(offerToOther);
        if (answer === null) return null;
        try {
          return media.relayAnswer(from, answer, other.signalledFrom);
        } catch {
          return null;
        }
      };
    caller.onReinvite(relay('caller', callee));
    callee.onReinvite(relay('callee', caller));
  });
}
