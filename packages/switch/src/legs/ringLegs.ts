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
  /**
   * A leg's 183 with SDP; true when taken as early media (then `ringing` is not called for it).
   * `signalledFrom`: the host the leg's INVITE went to, the only one its media is trusted from.
   */
  earlyMedia(sdp: string, leg: number, signalledFrom: string): boolean;
}

/**
 * Asked when leg `leg` answers, before it may win: for a leg whose answer is not yet the callee's
 * (a mobile agent who must press 1, queue/acceptGate.ts). Null lets the leg win at once.
 * `signal` aborts when the fork ends without this leg (another leg won, the caller left).
 */
export type AnswerGate = (
  leg: number,
  response: SipResponse,
  dialog: CallDialog,
  signal: AbortSignal,
) => Promise<boolean> | null;

export interface RingOptions {
  gate?: AnswerGate;
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
 *
 * With a `gate` (options), a leg that answers wins only once its gate says yes; the other legs
 * keep ringing meanwhile, so another callee who answers first still wins. A gate that says no
 * counts as that leg failing, and its leg gets BYE; a gate still open when the fork ends is
 * aborted and its leg gets BYE. The ring time does not cut an open gate short (its callee did
 * answer): it CANCELs the legs still ringing, and the fork ends when the last gate decides.
 */
export function ringLegs(
  call: RingCall,
  legs: OutgoingInvite[],
  ringSeconds: number | null,
  progress: RingProgress,
  options: RingOptions = {},
): Promise<RingResult> {
  const { signalling, clock } = call.services;
  return new Promise((resolve) => {
    const clients: ClientInvite[] = [];
    const statuses: number[] = [];
    let settled = false;
    let failures = 0;
    let timer: TimerHandle | undefined;
    let timedOut = false;
    /** Legs that answered and wait for their gate. */
    const gated = new Map<number, AbortController>();

    const finish = (result: RingResult, cancelOthers: boolean, except?: number) => {
      if (settled) return;
      settled = true;
      if (timer) clock.clearTimeout(timer);
      call.abort.removeEventListener('abort', onAbort);
      if (cancelOthers) clients.forEach((client, i) => i !== except && !gated.has(i) && client.cancel());
      for (const [i, gate] of gated) if (i !== except) gate.abort();
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'aborted' }, true);
    const onTimeout = () => {
      if (gated.size === 0) return finish({ kind: 'timeout' }, true);
      timedOut = true;
      clients.forEach((client, i) => !gated.has(i) && client.cancel());
    };
    /** A leg failed or its gate said no: the fork ends when nothing is left to wait for. */
    const failed = () => {
      failures++;
      if (timedOut && gated.size === 0) finish({ kind: 'timeout' }, true);
      else if (failures === legs.length) finish({ kind: 'failed', statuses }, false);
    };
    const awaitGate = (
      index: number,
      response: SipResponse,
      dialog: CallDialog,
      decision: Promise<boolean>,
      gate: AbortController,
    ) => {
      gated.set(index, gate);
      void decision
        .catch(() => false)
        .then((accepted) => {
          gated.delete(index);
          if (accepted && !settled) return finish({ kind: 'answered', dialog, response, leg: index }, true, index);
          void dialog.bye(settled ? 'another leg won' : 'not accepted');
          if (!settled) failed();
        });
    };

    if (call.abort.aborted) return resolve({ kind: 'aborted' });
    call.abort.addEventListener('abort', onAbort);
    if (ringSeconds !== null) timer = clock.setTimeout(onTimeout, ringSeconds * 1000);
    if (legs.length === 0) return finish({ kind: 'failed', statuses: [] }, false);

    legs.forEach((leg, index) => {
      const client = signalling.invite(leg, {
        onProvisional(response) {
          if (settled) return;
          if (
            response.status === 183 &&
            response.body.length > 0 &&
            progress.earlyMedia(response.body.toString('utf8'), index, leg.target.address)
          )
            return;
          progress.ringing();
        },
        onAnswered(response, dialog) {
          if (settled) {
            void dialog.bye('late answer after another leg won');
            return;
          }
          const gate = new AbortController();
          const decision = options.gate?.(index, response, dialog, gate.signal) ?? null;
          if (decision) return awaitGate(index, response, dialog, decision, gate);
          finish({ kind: 'answered', dialog, response, leg: index }, true, index);
        },
        onFailed(_response, status) {
          statuses.push(status);
          if (settled) return;
          if (status >= 600) {
            failures++;
            finish({ kind: 'failed', statuses }, true, index);
          } else failed();
        },
      });
      clients.push(client);
    });
  });
}
