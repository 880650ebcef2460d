import type { SipResponse } from '@vaxel/sip';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import type { CallDialog, ClientInvite, OutgoingInvite, SignallingPort } from '../signalling/signallingPort.ts';

export type RingResult =
  | { kind: 'answered'; dialog: CallDialog; response: SipResponse; leg: number }
  | { kind: 'failed'; statuses: number[] }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/**
 * What the caller is given while the legs ring: the ringing step's choice, never the fork's
 * (switch.md: "forking must not decide early-media policy") — relay 180 and a callee's early
 * media to a caller still ringing, play ringback to one the switch answered, music in a queue.
 */
export interface RingProgress {
  /** A leg rings (a provisional response that is not taken as early media). */
  ringing(): void;
  /** A leg's 183 with SDP; true when taken as early media (then `ringing` is not called for it). */
  earlyMedia(sdp: string, leg: number): boolean;
}

export interface RingCall {
  readonly abort: AbortSignal;
  readonly services: { readonly signalling: Pick<SignallingPort, 'invite'>; readonly clock: Clock };
}

/**
 * Rings legs in parallel and waits for the first to answer (RFC 3261 §16.7 behaviour, applied by
 * a B2BUA to its own client legs):
 * - the first 2xx wins; the others are CANCELled ("the proxy SHOULD cancel all client pending
 *   transactions"), and a 2xx that arrives late anyway is ended with BYE;
 * - a 6xx ends the search at once ("the proxy SHOULD cancel all client pending transactions ...
 *   [and] MUST NOT create any new branches");
 * - otherwise, when every leg failed, the statuses are returned for the caller's rules.
 * The ring time runs on the call's clock.
 */
export function ringLegs(call: RingCall, legs: OutgoingInvite[], ringSeconds: number | null, progress: RingProgress): Promise<RingResult> {
  const { signalling, clock } = call.services;
  return new Promise((resolve) => {
    const clients: ClientInvite[] = [];
    const statuses: number[] = [];
    let settled = false;
    let failures = 0;
    let timer: TimerHandle | undefined;

    const finish = (result: RingResult, cancelOthers: boolean, except?: number) => {
      if (settled) return;
      settled = true;
      if (timer) clock.clearTimeout(timer);
      call.abort.removeEventListener('abort', onAbort);
      if (cancelOthers) clients.forEach((client, i) => i !== except && client.cancel());
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'aborted' }, true);

    if (call.abort.aborted) return resolve({ kind: 'aborted' });
    call.abort.addEventListener('abort', onAbort);
    if (ringSeconds !== null) timer = clock.setTimeout(() => finish({ kind: 'timeout' }, true), ringSeconds * 1000);
    if (legs.length === 0) return finish({ kind: 'failed', statuses: [] }, false);

    legs.forEach((leg, index) => {
      const client = signalling.invite(leg, {
        onProvisional(response) {
          if (settled) return;
          if (response.status === 183 && response.body.length > 0 && progress.earlyMedia(response.body.toString('utf8'), index)) return;
          progress.ringing();
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
