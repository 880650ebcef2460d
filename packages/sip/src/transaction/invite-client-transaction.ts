/**
 * INVITE client transaction (RFC 3261 §17.1.1 as updated by RFC 6026 §7.2).
 *
 * Legal transitions:
 *   Calling    → Proceeding (1xx), Accepted (2xx), Completed (300-699), Terminated (Timer B, transport error)
 *   Proceeding → Accepted (2xx), Completed (300-699), Terminated (Timer C, transport error)
 *   Accepted   → Terminated (Timer M)
 *   Completed  → Terminated (Timer D)
 *
 *                        |INVITE from TU
 *      Timer A fires     |INVITE sent          Timer B fires
 *      Reset A,          V                     or Transport Err.
 *      INVITE sent +-----------+               inform TU
 *        +---------|  Calling  |-----------------------------------+
 *        +-------->|           |--------------+ 2xx                |
 *                  +-----------+              | 2xx to TU          |
 *                     |    |1xx               |                    |
 *      300-699        |    |1xx to TU         |                    |
 *      ACK sent       |    V                  V                    |
 *                     | +------------+   +------------+            |
 *                     | | Proceeding |-->|  Accepted  |<-+ 2xx to TU
 *                     | +------------+2xx+------------+--+         |
 *                     V      |                 | Timer M            |
 *                  +-----------+<--+           V                    |
 *                  | Completed |   | 300-699 +------------+          |
 *                  +-----------+---+ ACK sent| Terminated |<---------+
 *                        | Timer D           +------------+
 *                        +----------------------->^
 */
import type { TimerHandle } from '../clock.ts';
import { createAckForNonSuccess } from '../message/derived-requests.ts';
import { InvalidStateError } from '../message/errors.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { ClientTransaction, ClientTransactionUser, TransactionContext } from './transaction.ts';

export enum InviteClientState {
  Calling = 'Calling',
  Proceeding = 'Proceeding',
  Accepted = 'Accepted',
  Completed = 'Completed',
  Terminated = 'Terminated',
}

const LEGAL: Record<InviteClientState, readonly InviteClientState[]> = {
  [InviteClientState.Calling]: [
    InviteClientState.Proceeding,
    InviteClientState.Accepted,
    InviteClientState.Completed,
    InviteClientState.Terminated,
  ],
  [InviteClientState.Proceeding]: [
    InviteClientState.Proceeding,
    InviteClientState.Accepted,
    InviteClientState.Completed,
    InviteClientState.Terminated,
  ],
  [InviteClientState.Accepted]: [InviteClientState.Terminated],
  [InviteClientState.Completed]: [InviteClientState.Terminated],
  [InviteClientState.Terminated]: [],
};

export class InviteClientTransaction implements ClientTransaction {
  readonly kind = 'invite-client' as const;
  readonly id: string;
  readonly request: SipRequest;
  #state = InviteClientState.Calling;
  readonly #context: TransactionContext;
  readonly #user: ClientTransactionUser;
  #ack: SipRequest | undefined;
  #timerA: TimerHandle | undefined;
  #timerAInterval: number;
  #timerB: TimerHandle | undefined;
  #timerC: TimerHandle | undefined;
  readonly #timerCDuration: number | undefined;
  #timerD: TimerHandle | undefined;
  #timerM: TimerHandle | undefined;

  constructor(
    id: string,
    request: SipRequest,
    context: TransactionContext,
    user: ClientTransactionUser,
    timerC?: number,
  ) {
    if (request.method !== 'INVITE')
      throw new InvalidStateError(`An INVITE client transaction cannot send ${request.method}`);
    this.id = id;
    this.request = request;
    this.#context = context;
    this.#user = user;
    this.#timerAInterval = context.timers.A;
    this.#send(request);
    // §17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start timer A with a value of T1."
    if (!context.reliable) this.#timerA = context.clock.setTimeout(() => this.#onTimerA(), this.#timerAInterval);
    // "For any transport, the client transaction MUST start timer B with a value of 64*T1 seconds."
    this.#timerB = context.clock.setTimeout(() => this.#onTimerB(), context.timers.B);
    this.#timerCDuration = timerC;
    this.#restartTimerC();
  }

  get state(): InviteClientState {
    return this.#state;
  }

  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.#state) {
      case InviteClientState.Calling:
      case InviteClientState.Proceeding:
        if (status < 200) {
          this.#transition(InviteClientState.Proceeding);
          // §16.6 item 11: "Timer C MUST be reset when the proxy receives a provisional response".
          if (status > 100) this.#restartTimerC();
          this.#user.onResponse(response);
        } else if (status < 300) {
          // RFC 6026 §8.4: "the client transaction MUST transition to the Accepted state" on a 2xx.
          this.#transition(InviteClientState.Accepted);
          this.#user.onResponse(response);
        } else {
          // §17.1.1.2: "the client transaction MUST pass the received response up to the TU, and
          // the client transaction MUST generate an ACK request, even if the transport is reliable".
          this.#ack = createAckForNonSuccess(this.request, response);
          this.#send(this.#ack);
          this.#transition(InviteClientState.Completed);
          this.#user.onResponse(response);
        }
        return;
      case InviteClientState.Accepted:
        // RFC 6026 §8.4: "any 2xx responses that match this client transaction and that are received
        // while in the "Accepted" state MUST be passed up to the TU" (so the core re-ACKs them).
        if (status >= 200 && status < 300) this.#user.onResponse(response);
        return;
      case InviteClientState.Completed:
        // §17.1.1.2: "Any retransmissions of the final response that are received while in the
        // "Completed" state MUST cause the ACK to be re-passed to the transport layer".
        if (status >= 300 && this.#ack !== undefined) this.#send(this.#ack);
        return;
      case InviteClientState.Terminated:
        return;
    }
  }

  dispose(): void {
    if (this.#state !== InviteClientState.Terminated) this.#transition(InviteClientState.Terminated);
  }

  /** The one place state changes; rejects illegal moves and starts or stops the timers each state owns. */
  #transition(to: InviteClientState): void {
    if (to === this.#state && to === InviteClientState.Proceeding) return;
    if (!LEGAL[this.#state].includes(to))
      throw new InvalidStateError(`INVITE client transaction cannot go from ${this.#state} to ${to}`);
    const clock = this.#context.clock;
    // §17.1.1.2: "In the "Proceeding" state, the client transaction SHOULD NOT retransmit the request any longer."
    clock.clearTimeout(this.#timerA);
    this.#timerA = undefined;
    clock.clearTimeout(this.#timerB);
    this.#timerB = undefined;
    if (to !== InviteClientState.Proceeding) {
      clock.clearTimeout(this.#timerC);
      this.#timerC = undefined;
    }
    this.#state = to;
    switch (to) {
      case InviteClientState.Accepted:
        // RFC 6026 §8.4: "the client transaction MUST start Timer M with a value of 64*T1".
        this.#timerM = clock.setTimeout(() => this.#transition(InviteClientState.Terminated), this.#context.timers.M);
        break;
      case InviteClientState.Completed:
        // §17.1.1.2: "The client transaction SHOULD start timer D ... set to at least 32 seconds
        // for unreliable transports, and a value of zero seconds for reliable transports."
        this.#timerD = clock.setTimeout(
          () => this.#transition(InviteClientState.Terminated),
          this.#context.reliable ? 0 : this.#context.timers.D,
        );
        break;
      case InviteClientState.Terminated:
        clock.clearTimeout(this.#timerD);
        clock.clearTimeout(this.#timerM);
        this.#timerD = this.#timerM = undefined;
        this.#context.onTerminated();
        break;
      default:
        break;
    }
  }

  #onTimerA(): void {
    if (this.#state !== InviteClientState.Calling) return;
    // §17.1.1.2: "When timer A fires, the client transaction MUST retransmit the request ... and reset the timer with a value of 2*T1."
    this.#send(this.request);
    this.#timerAInterval *= 2;
    this.#timerA = this.#context.clock.setTimeout(() => this.#onTimerA(), this.#timerAInterval);
  }

  #onTimerB(): void {
    if (this.#state !== InviteClientState.Calling) return;
    // §17.1.1.2: "If the client transaction is still in the "Calling" state when timer B fires, the
    // client transaction SHOULD inform the TU that a timeout has occurred."
    this.#transition(InviteClientState.Terminated);
    this.#user.onTimeout?.();
  }

  #restartTimerC(): void {
    if (this.#timerCDuration === undefined) return;
    this.#context.clock.clearTimeout(this.#timerC);
    this.#timerC = this.#context.clock.setTimeout(() => this.#onTimerC(), this.#timerCDuration);
  }

  #onTimerC(): void {
    if (this.#state !== InviteClientState.Proceeding && this.#state !== InviteClientState.Calling) return;
    // §16.6 item 11: on Timer C the proxy treats the branch as timed out (and CANCELs it).
    this.#transition(InviteClientState.Terminated);
    this.#user.onTimeout?.();
  }

  #send(message: SipRequest): void {
    this.#context.send(message).catch((error: Error) => {
      // §17.1.4: a transport failure is reported to the TU and the transaction terminates.
      if (this.#state === InviteClientState.Terminated) return;
      this.#transition(InviteClientState.Terminated);
      this.#user.onTransportError?.(error);
    });
  }
}
