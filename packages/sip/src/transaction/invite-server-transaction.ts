/**
 * INVITE server transaction (RFC 3261 §17.2.1 as updated by RFC 6026 §7.1).
 *
 * Legal transitions:
 *   Proceeding → Proceeding (1xx from TU), Accepted (2xx from TU), Completed (300-699 from TU),
 *                Terminated (transport error)
 *   Accepted   → Terminated (Timer L)
 *   Completed  → Confirmed (ACK), Terminated (Timer H, transport error)
 *   Confirmed  → Terminated (Timer I)
 *
 * A 100 Trying is sent at once (§17.2.1 allows skipping it only if the TU answers within 200 ms,
 * which a PBX that consults a database cannot promise). Retransmitted INVITEs are absorbed and
 * answered with the last provisional or final response; in Accepted the TU retransmits its 2xx
 * itself (§13.3.1.4) and the transaction only absorbs INVITE retransmissions (RFC 6026 §8.7).
 */
import type { TimerHandle } from '../clock.ts';
import { InvalidStateError } from '../message/errors.ts';
import { createResponse, type SipRequest, type SipResponse } from '../message/message.ts';
import type { ServerTransaction, ServerTransactionUser, TransactionContext } from './transaction.ts';

export enum InviteServerState {
  Proceeding = 'Proceeding',
  Accepted = 'Accepted',
  Completed = 'Completed',
  Confirmed = 'Confirmed',
  Terminated = 'Terminated',
}

const LEGAL: Record<InviteServerState, readonly InviteServerState[]> = {
  [InviteServerState.Proceeding]: [
    InviteServerState.Proceeding,
    InviteServerState.Accepted,
    InviteServerState.Completed,
    InviteServerState.Terminated,
  ],
  [InviteServerState.Accepted]: [InviteServerState.Accepted, InviteServerState.Terminated],
  [InviteServerState.Completed]: [InviteServerState.Confirmed, InviteServerState.Terminated],
  [InviteServerState.Confirmed]: [InviteServerState.Terminated],
  [InviteServerState.Terminated]: [],
};

export class InviteServerTransaction implements ServerTransaction {
  readonly kind = 'invite-server' as const;
  readonly id: string;
  readonly request: SipRequest;
  #state = InviteServerState.Proceeding;
  readonly #context: TransactionContext;
  readonly #user: ServerTransactionUser;
  #lastResponse: SipResponse | undefined;
  #timerG: TimerHandle | undefined;
  #timerGInterval: number;
  #timerH: TimerHandle | undefined;
  #timerI: TimerHandle | undefined;
  #timerL: TimerHandle | undefined;

  constructor(id: string, request: SipRequest, context: TransactionContext, user: ServerTransactionUser = {}) {
    if (request.method !== 'INVITE')
      throw new InvalidStateError(`An INVITE server transaction cannot serve ${request.method}`);
    this.id = id;
    this.request = request;
    this.#context = context;
    this.#user = user;
    this.#timerGInterval = context.timers.G;
    // §17.2.1: "The server transaction MUST generate a 100 (Trying) response unless it knows that
    // the TU will generate a provisional or final response within 200 ms".
    this.#lastResponse = createResponse(request, 100);
    this.#send(this.#lastResponse);
  }

  get state(): InviteServerState {
    return this.#state;
  }

  respond(response: SipResponse): void {
    const status = response.status;
    if (this.#state === InviteServerState.Accepted && status >= 200 && status < 300) {
      // RFC 6026 §8.5: "While in the "Accepted" state, any retransmissions of the 2xx response
      // that are received from the TU MUST be passed directly to the transport layer".
      this.#send(response);
      return;
    }
    if (this.#state !== InviteServerState.Proceeding)
      throw new InvalidStateError(`Cannot send ${status} in INVITE server state ${this.#state}`);
    this.#lastResponse = response;
    this.#send(response);
    if (status < 200) this.#transition(InviteServerState.Proceeding);
    // RFC 6026 §8.5: "If, while in the "Proceeding" state, the TU passes a 2xx response ... the
    // server transaction MUST ... transition to the "Accepted" state."
    else if (status < 300) this.#transition(InviteServerState.Accepted);
    // §17.2.1: "If, while in the "Proceeding" state, the TU passes a response with status code
    // from 300 to 699 ... the state machine MUST enter the "Completed" state".
    else this.#transition(InviteServerState.Completed);
  }

  receiveRequest(request: SipRequest): boolean {
    if (request.method === 'INVITE') {
      // §17.2.1: "If a request retransmission is received while in the "Proceeding" state, the most
      // recent provisional response that was received from the TU MUST be passed to the transport
      // layer for retransmission"; in Completed the final response is retransmitted.
      if (
        (this.#state === InviteServerState.Proceeding || this.#state === InviteServerState.Completed) &&
        this.#lastResponse
      ) {
        this.#send(this.#lastResponse);
      }
      return true;
    }
    if (request.method === 'ACK') {
      if (this.#state === InviteServerState.Completed) {
        // §17.2.1: "If an ACK is received while the server transaction is in the "Completed" state,
        // the server transaction MUST transition to the "Confirmed" state."
        this.#transition(InviteServerState.Confirmed);
        return true;
      }
      if (this.#state === InviteServerState.Confirmed) return true;
      // RFC 6026 §8.7: an ACK matching in Accepted is passed to the TU.
      return this.#state !== InviteServerState.Accepted;
    }
    return false;
  }

  dispose(): void {
    if (this.#state !== InviteServerState.Terminated) this.#transition(InviteServerState.Terminated);
  }

  #transition(to: InviteServerState): void {
    if (!LEGAL[this.#state].includes(to))
      throw new InvalidStateError(`INVITE server transaction cannot go from ${this.#state} to ${to}`);
    const from = this.#state;
    this.#state = to;
    if (from === to) return;
    const clock = this.#context.clock;
    const timers = this.#context.timers;
    switch (to) {
      case InviteServerState.Accepted:
        // RFC 6026 §8.7: "the server transaction MUST start Timer L with a value of 64*T1".
        this.#timerL = clock.setTimeout(() => this.#transition(InviteServerState.Terminated), timers.L);
        break;
      case InviteServerState.Completed:
        // §17.2.1: "For unreliable transports, timer G is set to fire in T1 seconds ... For any
        // transport, timer H MUST be set to fire in 64*T1 seconds."
        if (!this.#context.reliable) this.#timerG = clock.setTimeout(() => this.#onTimerG(), this.#timerGInterval);
        this.#timerH = clock.setTimeout(() => this.#onTimerH(), timers.H);
        break;
      case InviteServerState.Confirmed:
        clock.clearTimeout(this.#timerG);
        clock.clearTimeout(this.#timerH);
        this.#timerG = this.#timerH = undefined;
        // §17.2.1: "timer I is set to fire in T4 seconds for unreliable transports, and zero seconds for reliable transports."
        this.#timerI = clock.setTimeout(
          () => this.#transition(InviteServerState.Terminated),
          this.#context.reliable ? 0 : timers.I,
        );
        break;
      case InviteServerState.Terminated:
        for (const timer of [this.#timerG, this.#timerH, this.#timerI, this.#timerL]) clock.clearTimeout(timer);
        this.#timerG = this.#timerH = this.#timerI = this.#timerL = undefined;
        this.#context.onTerminated();
        break;
      default:
        break;
    }
  }

  #onTimerG(): void {
    if (this.#state !== InviteServerState.Completed || this.#lastResponse === undefined) return;
    // §17.2.1: "If timer G fires, the response is passed to the transport layer once more for
    // retransmission, and timer G is set to fire in MIN(2*T1, T2) seconds."
    this.#send(this.#lastResponse);
    this.#timerGInterval = Math.min(2 * this.#timerGInterval, this.#context.timers.T2);
    this.#timerG = this.#context.clock.setTimeout(() => this.#onTimerG(), this.#timerGInterval);
  }

  #onTimerH(): void {
    if (this.#state !== InviteServerState.Completed) return;
    // §17.2.1: "If timer H fires while in the "Completed" state, it implies that the ACK was never
    // received. In this case, the server transaction MUST transition to the "Terminated" state,
    // and MUST indicate to the TU that a transaction failure has occurred."
    this.#transition(InviteServerState.Terminated);
    this.#user.onTimeout?.();
  }

  #send(response: SipResponse): void {
    this.#context.send(response).catch((error: Error) => {
      // §17.2.4: a failure to send a response is reported to the TU; the transaction terminates.
      if (this.#state === InviteServerState.Terminated) return;
      this.#transition(InviteServerState.Terminated);
      this.#user.onTransportError?.(error);
    });
  }
}
