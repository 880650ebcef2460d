/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2).
 *
 * Legal transitions:
 *   Trying     → Proceeding (1xx from TU), Completed (200-699 from TU), Terminated (transport error)
 *   Proceeding → Proceeding (1xx), Completed (200-699), Terminated (transport error)
 *   Completed  → Terminated (Timer J)
 *
 * Request retransmissions are absorbed: dropped in Trying, answered with the last response in
 * Proceeding and Completed. Timer J (64*T1, zero on reliable transports) keeps the transaction
 * around long enough to absorb them.
 */
import type { TimerHandle } from '../clock.ts';
import { InvalidStateError } from '../message/errors.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { ServerTransaction, ServerTransactionUser, TransactionContext } from './transaction.ts';

export enum NonInviteServerState {
  Trying = 'Trying',
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Terminated = 'Terminated',
}

const LEGAL: Record<NonInviteServerState, readonly NonInviteServerState[]> = {
  [NonInviteServerState.Trying]: [
    NonInviteServerState.Proceeding,
    NonInviteServerState.Completed,
    NonInviteServerState.Terminated,
  ],
  [NonInviteServerState.Proceeding]: [
    NonInviteServerState.Proceeding,
    NonInviteServerState.Completed,
    NonInviteServerState.Terminated,
  ],
  [NonInviteServerState.Completed]: [NonInviteServerState.Terminated],
  [NonInviteServerState.Terminated]: [],
};

export class NonInviteServerTransaction implements ServerTransaction {
  readonly kind = 'non-invite-server' as const;
  readonly id: string;
  readonly request: SipRequest;
  #state = NonInviteServerState.Trying;
  readonly #context: TransactionContext;
  readonly #user: ServerTransactionUser;
  #lastResponse: SipResponse | undefined;
  #timerJ: TimerHandle | undefined;

  constructor(id: string, request: SipRequest, context: TransactionContext, user: ServerTransactionUser = {}) {
    if (request.method === 'INVITE' || request.method === 'ACK') {
      throw new InvalidStateError(`A non-INVITE server transaction cannot serve ${request.method}`);
    }
    this.id = id;
    this.request = request;
    this.#context = context;
    this.#user = user;
  }

  get state(): NonInviteServerState {
    return this.#state;
  }

  respond(response: SipResponse): void {
    if (this.#state === NonInviteServerState.Completed || this.#state === NonInviteServerState.Terminated) {
      // §17.2.2: "Any other final responses passed by the TU to the server transaction MUST be discarded while in the "Completed" state."
      throw new InvalidStateError(`Cannot send ${response.status} in non-INVITE server state ${this.#state}`);
    }
    this.#lastResponse = response;
    this.#send(response);
    this.#transition(response.status < 200 ? NonInviteServerState.Proceeding : NonInviteServerState.Completed);
  }

  receiveRequest(request: SipRequest): boolean {
    if (request.method !== this.request.method) return false;
    // §17.2.2: "Once in the "Trying" state, any further request retransmissions are discarded";
    // in "Proceeding" and "Completed" the last response "MUST be passed to the transport layer for retransmission".
    if (this.#state !== NonInviteServerState.Trying && this.#lastResponse !== undefined) this.#send(this.#lastResponse);
    return true;
  }

  dispose(): void {
    if (this.#state !== NonInviteServerState.Terminated) this.#transition(NonInviteServerState.Terminated);
  }

  #transition(to: NonInviteServerState): void {
    if (!LEGAL[this.#state].includes(to))
      throw new InvalidStateError(`Non-INVITE server transaction cannot go from ${this.#state} to ${to}`);
    this.#state = to;
    const clock = this.#context.clock;
    if (to === NonInviteServerState.Completed) {
      // §17.2.2: "When the server transaction enters the "Completed" state, it MUST set Timer J to
      // fire in 64*T1 seconds for unreliable transports, and zero seconds for reliable transports."
      this.#timerJ = clock.setTimeout(
        () => this.#transition(NonInviteServerState.Terminated),
        this.#context.reliable ? 0 : this.#context.timers.J,
      );
    }
    if (to === NonInviteServerState.Terminated) {
      clock.clearTimeout(this.#timerJ);
      this.#timerJ = undefined;
      this.#context.onTerminated();
    }
  }

  #send(response: SipResponse): void {
    this.#context.send(response).catch((error: Error) => {
      if (this.#state === NonInviteServerState.Terminated) return;
      this.#transition(NonInviteServerState.Terminated);
      this.#user.onTransportError?.(error);
    });
  }
}
