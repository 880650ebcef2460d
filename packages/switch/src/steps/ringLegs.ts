import type { SipResponse } from '@vaxel/sip';
import type { CallContext } from '../call/callContext.ts';
import type { CallDialog, ClientInvite, OutgoingInvite } from '../signalling/signallingPort.ts';

export type RingResult =
  | { kind: 'answered'; dialog: CallDialog; response: SipResponse; leg: number }
  | { kind: 'failed'; statuses: number[] }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/**
 * Rings legs in parallel and waits for the first to answer (RFC 3261 §16.7 behaviour, applied by
 * a B2BUA to its own client legs):
 * - the first 2xx wins; the others are CANCELled ("the proxy SHOULD cancel all client pending
 *   transactions"), and a 2xx that arrives late anyway is ended with BYE;
 * - a 6xx ends the search at once ("the proxy SHOULD cancel all client pending transactions ...
 *   [and] MUST NOT create any new branches");
 * - otherwise, when every leg failed, the statuses are returned for the caller's rules.
 * Provisional responses are relayed to the caller as 180 Ringing (one dialog towards the caller);
 * a single leg's 183 with SDP is relayed as early media (carriers' ringback and announcements).
 */
export function ringLegs(ctx: CallContext, legs: OutgoingInvite[], ringSeconds: number | null): Promise<RingResult> {
  return new Promise((resolve) => {
    const clients: ClientInvite[] = [];
    const statuses: number[] = [];
    let settled = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const finish = (result: RingResult, cancelOthers: boolean, except?: number) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      ctx.abort.removeEventListener('abort', onAbort);
      if (cancelOthers) clients.forEach((client, i) => i !== except && client.cancel());
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'aborted' }, true);

    if (ctx.abort.aborted) return resolve({ kind: 'aborted' });
    ctx.abort.addEventListener('abort', onAbort);
    if (ringSeconds !== null) timer = setTimeout(() => finish({ kind: 'timeout' }, true), ringSeconds * 1000);
    if (legs.length === 0) return finish({ kind: 'failed', statuses: [] }, false);

    legs.forEach((leg, index) => {
      const client = ctx.services.signalling.invite(leg, {
        onProvisional(response) {
          if (settled) return;
          if (legs.length === 1 && response.status === 183 && response.body.length > 0) {
            try {
              ctx.media.acceptCalleeAnswer(response.body.toString('utf8'));
              ctx.invite.provisional(183, ctx.media.answerToCaller());
              ctx.media.bridge();
              ctx.alerted = true;
              return;
            } catch {
              // Unusable early SDP: fall back to plain ringing.
            }
          }
          if (!ctx.alerted) {
            ctx.alerted = true;
            ctx.invite.provisional(180);
          }
        },
        onAnswered(response, dialog) {
          if (settled) {
            void dialog.bye('late answer after another leg won');
            return;
          }
          finish({ kind: 'answered', dialog, response, leg: index }, true, index);
        },
        onFailed(_response, status) {
          statuses.push(status);
          failures++;
          if (settled) return;
          if (status >= 600) finish({ kind: 'failed', statuses }, true, index);
          else if (failures === legs.length) finish({ kind: 'failed', statuses }, false);
        },
      });
      clients.push(client);
    });
  });
}
