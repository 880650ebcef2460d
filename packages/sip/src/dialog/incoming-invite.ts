/**
 * The UAS side of an INVITE or re-INVITE (RFC 3261 §13.3, §14.2): provisional and final
 * responses, the early and confirmed dialog, 2xx retransmission until the ACK (§13.3.1.4), and
 * CANCEL (§9.2).
 *
 * Legal transitions:
 *   Pending  → Pending (1xx), Accepted (2xx), Rejected (300-699), Cancelled (CANCEL → 487)
 *   Accepted → Confirmed (ACK), Failed (no ACK within 64*T1: the session is ended with BYE)
 */
import type { Clock, TimerHandle } from '../clock.ts';
import { InvalidStateError } from '../message/errors.ts';
import { createResponse, getCSeq, type SipRequest, type SipResponse } from '../message/message.ts';
import type { TimerValues } from '../transaction/timers.ts';
import type { ServerTransaction } from '../transaction/transaction.ts';
import type { MessageSource } from '../transport/transport.ts';
import { Dialog } from './dialog.ts';
import type { ReplyOptions } from './incoming-request.ts';

export enum IncomingInviteState {
  Pending = 'Pending',
  Accepted = 'Accepted',
  Confirmed = 'Confirmed',
  Rejected = 'Rejected',
  Cancelled = 'Cancelled',
  Failed = 'Failed',
}

const LEGAL: Record<IncomingInviteState, readonly IncomingInviteState[]> = {
  [IncomingInviteState.Pending]: [
    IncomingInviteState.Accepted,
    IncomingInviteState.Rejected,
    IncomingInviteState.Cancelled,
  ],
  [IncomingInviteState.Accepted]: [IncomingInviteState.Confirmed, IncomingInviteState.Failed],
  [IncomingInviteState.Confirmed]: [],
  [IncomingInviteState.Rejected]: [],
  [IncomingInviteState.Cancelled]: [],
  [IncomingInviteState.Failed]: [],
};

/** What an IncomingInvite needs from its UserAgent. */
export interface IncomingInviteHost {
  readonly clock: Clock;
  readonly timers: TimerValues;
  readonly reliable: boolean;
  readonly localTag: string;
  readonly contact: string;
  /** The existing dialog for a re-INVITE; undefined for an initial INVITE. */
  readonly dialog: Dialog | undefined;
  addDialog(dialog: Dialog): void;
  /** The 2xx was never ACKed: end the session with BYE (§13.3.1.4). */
  ackTimedOut(dialog: Dialog): void;
  /** The INVITE ended without a confirmed dialog: drop the early one. */
  dropDialog(dialog: Dialog, reason: 'rejected' | 'cancelled'): void;
  finished(invite: IncomingInvite): void;
}

export class IncomingInvite {
  readonly request: SipRequest;
  readonly source: MessageSource;
  readonly #transaction: ServerTransaction;
  readonly #host: IncomingInviteHost;
  #state = IncomingInviteState.Pending;
  #dialog: Dialog | undefined;
  #accepted: SipResponse | undefined;
  #retransmit: TimerHandle | undefined;
  #retransmitInterval = 0;
  #ackTimeout: TimerHandle | undefined;
  /** Called when the caller CANCELs before a final response (the 487 is already sent). */
  onCancel: (() => void) | undefined;
  /** Called when the ACK for the 2xx arrives (with its body, if the offer was in the 2xx). */
  onAck: ((ack: SipRequest) => void) | undefined;

  constructor(request: SipRequest, source: MessageSource, transaction: ServerTransaction, host: IncomingInviteHost) {
    this.request = request;
    this.source = source;
    this.#transaction = transaction;
    this.#host = host;
    this.#dialog = host.dialog;
  }

  get state(): IncomingInviteState {
    return this.#state;
  }

  get isReinvite(): boolean {
    return this.#host.dialog !== undefined;
  }

  get dialog(): Dialog | undefined {
    return this.#dialog;
  }

  /** Sends a provisional response; any status above 100 creates the early dialog (§12.1.1). */
  progress(status = 180, options: ReplyOptions = {}): void {
    if (status < 101 || status > 199) throw new RangeError(`${status} is not a provisional status`);
    this.#requireState(IncomingInviteState.Pending);
    if (this.#dialog === undefined) {
      this.#dialog = Dialog.fromUas(this.request, this.#host.localTag, status, this.#host.contact);
      this.#host.addDialog(this.#dialog);
    }
    this.#transaction.respond(this.#response(status, options, true));
  }

  /** Sends a 2xx (default 200) and returns the confirmed dialog. */
  accept(options: ReplyOptions & { status?: number } = {}): Dialog {
    this.#requireState(IncomingInviteState.Pending);
    if (this.#dialog === undefined) {
      this.#dialog = Dialog.fromUas(this.request, this.#host.localTag, 200, this.#host.contact);
      this.#host.addDialog(this.#dialog);
    }
    this.#dialog.confirm();
    this.#accepted = this.#response(options.status ?? 200, options, true);
    this.#transition(IncomingInviteState.Accepted);
    this.#transaction.respond(this.#accepted);
    return this.#dialog;
  }

  /** Sends a final failure (300-699). */
  reject(status = 486, options: ReplyOptions = {}): void {
    if (status < 300 || status > 699) throw new RangeError(`${status} is not a failure status`);
    this.#requireState(IncomingInviteState.Pending);
    this.#transition(IncomingInviteState.Rejected);
    this.#transaction.respond(this.#response(status, options, false));
  }

  /** Called by the UserAgent on a matching CANCEL (§9.2: the INVITE gets 487 Request Terminated). */
  cancel(): boolean {
    if (this.#state !== IncomingInviteState.Pending) return false;
    this.#transition(IncomingInviteState.Cancelled);
    this.#transaction.respond(this.#response(487, {}, false));
    this.onCancel?.();
    return true;
  }

  /** Called by the UserAgent with an ACK in this dialog; true if it acknowledged our 2xx. */
  acknowledge(ack: SipRequest): boolean {
    if (this.#state !== IncomingInviteState.Accepted) return this.#state === IncomingInviteState.Confirmed;
    if (getCSeq(ack).seq !== getCSeq(this.request).seq) return false;
    this.#transition(IncomingInviteState.Confirmed);
    this.onAck?.(ack);
    return true;
  }

  /** Stops timers without sending anything (UserAgent.close). */
  dispose(): void {
    this.#stopTimers();
  }

  #response(status: number, options: ReplyOptions, withContact: boolean): SipResponse {
    const headers: Array<readonly [string, string]> = [];
    // §12.1.1: "When a UAS responds to a request with a response that establishes a dialog ...
    // the UAS MUST copy all Record-Route header field values from the request into the response"
    // and "MUST add a Contact header field to the response".
    if (withContact) {
      for (const route of this.request.headers.getAll('Record-Route')) headers.push(['Record-Route', route]);
      headers.push(['Contact', this.#host.contact]);
    }
    headers.push(...(options.headers ?? []));
    const toTag = this.#host.dialog?.id.localTag ?? this.#host.localTag;
    return createResponse(this.request, status, {
      ...(options.reason !== undefined && { reason: options.reason }),
      headers,
      ...(options.body !== undefined && { body: options.body }),
      toTag,
    });
  }

  #requireState(state: IncomingInviteState): void {
    if (this.#state !== state) throw new InvalidStateError(`INVITE is ${this.#state}, not ${state}`);
  }

  #transition(to: IncomingInviteState): void {
    if (!LEGAL[this.#state].includes(to))
      throw new InvalidStateError(`Incoming INVITE cannot go from ${this.#state} to ${to}`);
    this.#state = to;
    const { clock, timers } = this.#host;
    switch (to) {
      case IncomingInviteState.Accepted:
        // §13.3.1.4: "The 2xx response is passed to the transport with an interval that starts at
        // T1 seconds and doubles for each retransmission until it reaches T2 seconds ... Response
        // retransmissions cease when an ACK request for the response is received."
        this.#retransmitInterval = timers.G;
        if (!this.#host.reliable)
          this.#retransmit = clock.setTimeout(() => this.#retransmit2xx(), this.#retransmitInterval);
        // "If the server retransmits the 2xx response for 64*T1 seconds without receiving an ACK,
        // the dialog is confirmed, but the session SHOULD be terminated. This is accomplished with a BYE".
        this.#ackTimeout = clock.setTimeout(() => this.#transition(IncomingInviteState.Failed), timers.H);
        break;
      case IncomingInviteState.Confirmed:
        this.#stopTimers();
        this.#host.finished(this);
        break;
      case IncomingInviteState.Failed:
        this.#stopTimers();
        this.#host.finished(this);
        if (this.#dialog !== undefined) this.#host.ackTimedOut(this.#dialog);
        break;
      case IncomingInviteState.Rejected:
      case IncomingInviteState.Cancelled:
        this.#host.finished(this);
        // A failed re-INVITE leaves its dialog as it was (§14.2); a failed INVITE ends the early one.
        if (this.#dialog !== undefined && !this.isReinvite)
          this.#host.dropDialog(this.#dialog, to === IncomingInviteState.Cancelled ? 'cancelled' : 'rejected');
        break;
      default:
        break;
    }
  }

  #retransmit2xx(): void {
    if (this.#state !== IncomingInviteState.Accepted || this.#accepted === undefined) return;
    // The transaction leaves Accepted on Timer L (64*T1), when retransmissions must stop anyway.
    if (this.#transaction.state !== 'Accepted') return;
    this.#transaction.respond(this.#accepted);
    this.#retransmitInterval = Math.min(2 * this.#retransmitInterval, this.#host.timers.T2);
    this.#retransmit = this.#host.clock.setTimeout(() => this.#retransmit2xx(), this.#retransmitInterval);
  }

  #stopTimers(): void {
    this.#host.clock.clearTimeout(this.#retransmit);
    this.#host.clock.clearTimeout(this.#ackTimeout);
    this.#retransmit = this.#ackTimeout = undefined;
  }
}
