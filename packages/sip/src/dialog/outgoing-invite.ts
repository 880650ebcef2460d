/**
 * The UAC side of an initial INVITE (RFC 3261 §13.2): early dialogs from 1xx with a To tag,
 * the confirmed dialog from the first 2xx and its ACK (§13.2.2.4), forked 2xx answered with
 * ACK + BYE, CANCEL (§9.1) and the outcome as one promise.
 *
 * Legal transitions:
 *   Calling    → Proceeding (1xx), Answered (2xx), Failed (300-699, timeout, transport error)
 *   Proceeding → Answered (2xx), Failed (300-699 incl. 487 after CANCEL, timeout)
 */
import type { TimerHandle } from '../clock.ts';
import { createCancel } from '../message/derived-requests.ts';
import { InvalidStateError } from '../message/errors.ts';
import { createResponse, getTo, type SipRequest, type SipResponse } from '../message/message.ts';
import type { ClientTransaction } from '../transaction/transaction.ts';
import type { Destination } from '../transaction/transaction-layer.ts';
import { Dialog, dialogKey } from './dialog.ts';

export enum OutgoingInviteState {
  Calling = 'Calling',
  Proceeding = 'Proceeding',
  Answered = 'Answered',
  Failed = 'Failed',
}

const LEGAL: Record<OutgoingInviteState, readonly OutgoingInviteState[]> = {
  [OutgoingInviteState.Calling]: [
    OutgoingInviteState.Proceeding,
    OutgoingInviteState.Answered,
    OutgoingInviteState.Failed,
  ],
  [OutgoingInviteState.Proceeding]: [OutgoingInviteState.Answered, OutgoingInviteState.Failed],
  [OutgoingInviteState.Answered]: [],
  [OutgoingInviteState.Failed]: [],
};

export type InviteOutcome =
  | { readonly ok: true; readonly dialog: Dialog; readonly response: SipResponse }
  | { readonly ok: false; readonly response: SipResponse };

export interface OutgoingInviteHandlers {
  /** A provisional response, with the early dialog if it carried a To tag. */
  onProgress?(response: SipResponse, earlyDialog: Dialog | undefined): void;
}

/** What an OutgoingInvite needs from its UserAgent. */
export interface OutgoingInviteHost {
  readonly contact: string;
  /** 64*T1: how long to wait for the final response after sending CANCEL (§9.1). */
  readonly cancelTimeoutMs: number;
  readonly clock: {
    setTimeout(cb: () => void, ms: number): TimerHandle;
    clearTimeout(h: TimerHandle | undefined): void;
  };
  sendCancel(cancel: SipRequest, destination: Destination): void;
  addDialog(dialog: Dialog): void;
  dropDialog(dialog: Dialog): void;
  /** Sends (and remembers, for 2xx retransmissions) the ACK for a 2xx. */
  sendAck(dialog: Dialog, invite: SipRequest): void;
  /** Ends a dialog from a forked 2xx we do not want (§13.2.2.4: ACK, then BYE). */
  hangUpFork(dialog: Dialog): void;
  finished(invite: OutgoingInvite): void;
}

export class OutgoingInvite {
  #request: SipRequest;
  readonly destination: Destination;
  /** Settles once with the confirmed dialog or the final failure (408 on timeout, 503 on transport error). */
  readonly outcome: Promise<InviteOutcome>;
  readonly #host: OutgoingInviteHost;
  readonly #handlers: OutgoingInviteHandlers;
  readonly #early = new Map<string, Dialog>();
  #state = OutgoingInviteState.Calling;
  #resolve!: (outcome: InviteOutcome) => void;
  #transaction: ClientTransaction | undefined;
  #cancelRequested = false;
  #cancelSent = false;
  #cancelTimer: TimerHandle | undefined;
  #dialog: Dialog | undefined;

  constructor(
    request: SipRequest,
    destination: Destination,
    host: OutgoingInviteHost,
    handlers: OutgoingInviteHandlers = {},
  ) {
    this.#request = request;
    this.destination = destination;
    this.#host = host;
    this.#handlers = handlers;
    this.outcome = new Promise((resolve) => (this.#resolve = resolve));
  }

  /** The INVITE as last sent (after a digest challenge, the one carrying credentials). */
  get request(): SipRequest {
    return this.#request;
  }

  get state(): OutgoingInviteState {
    return this.#state;
  }

  /** The confirmed dialog once answered. */
  get dialog(): Dialog | undefined {
    return this.#dialog;
  }

  /** Set by the UserAgent once the client transaction exists (again when re-sent with credentials). */
  attach(transaction: ClientTransaction): void {
    this.#transaction = transaction;
    this.#request = transaction.request;
  }

  /**
   * §9.1: cancels the INVITE if it has no final response yet. "If no provisional response has been
   * received, the CANCEL request MUST NOT be sent; rather, the client MUST wait for the arrival of
   * a provisional response before sending the request." Returns false when too late.
   */
  cancel(): boolean {
    if (this.#state === OutgoingInviteState.Answered || this.#state === OutgoingInviteState.Failed) return false;
    this.#cancelRequested = true;
    if (this.#state === OutgoingInviteState.Proceeding) this.#sendCancel();
    return true;
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    const toTag = getTo(response).params.get('tag') ?? undefined;
    if (status < 200) {
      if (this.#state === OutgoingInviteState.Calling) this.#transition(OutgoingInviteState.Proceeding);
      if (this.#state !== OutgoingInviteState.Proceeding) return;
      let early: Dialog | undefined;
      if (toTag !== undefined && status > 100) {
        early = Dialog.fromUac(this.request, response, this.#host.contact);
        if (!this.#early.has(early.key)) {
          this.#early.set(early.key, early);
          this.#host.addDialog(early);
        } else {
          early = this.#early.get(early.key);
        }
      }
      this.#handlers.onProgress?.(response, early);
      if (this.#cancelRequested) this.#sendCancel();
      return;
    }
    if (status < 300) {
      const dialog = Dialog.fromUac(this.request, response, this.#host.contact);
      if (this.#dialog !== undefined && dialog.key === this.#dialog.key) {
        // A retransmitted 2xx: the UserAgent re-sends the same ACK.
        this.#host.sendAck(this.#dialog, this.request);
        return;
      }
      const early = this.#early.get(dialog.key);
      if (early !== undefined) {
        this.#early.delete(dialog.key);
        this.#host.dropDialog(early);
      }
      this.#host.addDialog(dialog);
      this.#host.sendAck(dialog, this.request);
      if (this.#state === OutgoingInviteState.Answered || this.#state === OutgoingInviteState.Failed) {
        // §13.2.2.4: another fork answered too; it gets ACK and then BYE.
        this.#host.hangUpFork(dialog);
        return;
      }
      this.#dialog = dialog;
      this.#transition(OutgoingInviteState.Answered);
      this.#resolve({ ok: true, dialog, response });
      return;
    }
    if (this.#state === OutgoingInviteState.Answered || this.#state === OutgoingInviteState.Failed) return;
    this.#fail(response);
  }

  /** Timer B, Timer C or a transport error: the TU acts as if it got 408 / 503 (§8.1.3.1). */
  failWith(status: 408 | 503): void {
    if (this.#state === OutgoingInviteState.Answered || this.#state === OutgoingInviteState.Failed) return;
    this.#fail(createResponse(this.request, status, { toTag: '' }));
  }

  /** Stops timers without sending anything (UserAgent.close). */
  dispose(): void {
    this.#host.clock.clearTimeout(this.#cancelTimer);
    this.#cancelTimer = undefined;
  }

  #fail(response: SipResponse): void {
    this.#transition(OutgoingInviteState.Failed);
    this.#resolve({ ok: false, response });
  }

  #sendCancel(): void {
    if (this.#cancelSent) return;
    this.#cancelSent = true;
    this.#host.sendCancel(createCancel(this.request), this.destination);
    // §9.1: if no final response arrives within 64*T1 after the CANCEL, the INVITE is given up.
    this.#cancelTimer = this.#host.clock.setTimeout(() => {
      this.#transaction?.dispose();
      this.failWith(408);
    }, this.#host.cancelTimeoutMs);
  }

  #transition(to: OutgoingInviteState): void {
    if (!LEGAL[this.#state].includes(to))
      throw new InvalidStateError(`Outgoing INVITE cannot go from ${this.#state} to ${to}`);
    this.#state = to;
    if (to === OutgoingInviteState.Answered || to === OutgoingInviteState.Failed) {
      this.dispose();
      for (const early of this.#early.values()) this.#host.dropDialog(early);
      this.#early.clear();
      this.#host.finished(this);
    }
  }
}
