/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2).
 *
 * Legal transitions:
 *   Trying     → Proceeding (1xx), Completed (200-699), Terminated (Timer F, transport error)
 *   Proceeding → Completed (200-699), Terminated (Timer F, transport error)
 *   Completed  → Terminated (Timer K)
 *
 * Timer E retransmits the request (T1, doubling up to T2; every T2 once Proceeding), unreliable
 * transports only. Timer F (64*T1) times the transaction out. Timer K (T4, zero on reliable
 * transports) absorbs response retransmissions in Completed.
 */
import type { TimerHandle } from '../clock.ts';
import { InvalidStateError } from '../message/errors.ts';
import type { SipRequest, SipResponse } from '../message/message.ts';
import type { ClientTransaction, ClientTransactionUser, TransactionContext } from './transaction.ts';

export enum NonInviteClientState {
  Trying = 'Trying',
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Terminated = 'Terminated',
}

const LEGAL: Record<NonInviteClientState, readonly NonInviteClientState[]> = {
  [NonInviteClientState.Trying]: [
    NonInviteClientState.Proceeding,
    NonInviteClientState.Completed,
    NonInviteClientState.Terminated,
  ],
  [NonInviteClientState.Proceeding]: [NonInviteClientState.Completed, NonInviteClientState.Terminated],
  [NonInviteClientState.Completed]: [NonInviteClientState.Terminated],
  [NonInviteClientState.Terminated]: [],
};

export class NonInviteClientTransaction implements ClientTransaction {
  readonly kind = 'non-invite-client' as const;
  readonly id: string;
  readonly request: SipRequest;
  #state = NonInviteClientState.Trying;
  readonly #context: TransactionContext;
  readonly #user: ClientTransactionUser;
  #timerE: TimerHandle | undefined;
  #timerEInterval: number;
  #timerF: TimerHandle | undefined;
  #timerK: TimerHandle | undefined;

  constructor(id: string, request: SipRequest, context: TransactionContext, user: ClientTransactionUser) {
    if (request.method === 'INVITE' || request.method === 'ACK') {
      throw new InvalidStateError(`A non-INVITE client transaction cannot send ${request.method}`);
    }
    this.id = id;
    this.request = request;
    this.#context = context;
    this.#user = user;
    this.#timerEInterval = context.timers.E;
    this.#send();
    // §17.1.2.2: "If an unreliable transport is in use, the client transaction MUST set timer E to fire in T1 seconds."
    if (!context.reliable) this.#timerE = context.clock.setTimeout(() => this.#onTimerE(), this.#timerEInterval);
    // "the client transaction MUST set timer F to fire in 64*T1 seconds"
    this.#timerF = context.clock.setTimeout(() => this.#onTimerF(), context.timers.F);
  }

  get state(): NonInviteClientState {
    return this.#state;
  }

  receiveResponse(response: SipResponse): void {
    if (this.#state === NonInviteClientState.Completed || this.#state === NonInviteClientState.Terminated) return;
    if (response.status < 200) {
      if (this.#state === NonInviteClientState.Trying) this.#transition(NonInviteClientState.Proceeding);
      this.#user.onResponse(response);
      return;
    }
    // §17.1.2.2: "If a final response (status codes 200-699) is received while in the "Trying" or
    // "Proceeding" states, the response MUST be passed to the TU, and the client transaction MUST
    // transition to the "Completed" state."
    this.#transition(NonInviteClientState.Completed);
    this.#user.onResponse(response);
  }

  dispose(): void {
    if (this.#state !== NonInviteClientState.Terminated) this.#transition(NonInviteClientState.Terminated);
  }

  #transition(to: NonInviteClientState): void {
    if (!LEGAL[this.#state].includes(to))
      throw new InvalidStateError(`Non-INVITE client transaction cannot go from ${this.#state} to ${to}`);
    const clock = this.#context.clock;
    this.#state = to;
    if (to === NonInviteClientState.Completed || to === NonInviteClientState.Terminated) {
      clock.clearTimeout(this.#timerE);
      clock.clearTimeout(this.#timerF);
      this.#timerE = this.#timerF = undefined;
    }
    if (to === NonInviteClientState.Completed) {
      // §17.1.2.2: "Once the client transaction enters the "Completed" state, it MUST set Timer K to
      // fire in T4 seconds for unreliable transports, and zero seconds for reliable transports."
      this.#timerK = clock.setTimeout(
        () => this.#transition(NonInviteClientState.Terminated),
        this.#context.reliable ? 0 : this.#context.timers.K,
      );
    }
    if (to === NonInviteClientState.Terminated) {
      clock.clearTimeout(this.#timerK);
      this.#timerK = undefined;
      this.#context.onTerminated();
    }
  }

  #onTimerE(): void {
    if (this.#state !== NonInviteClientState.Trying && this.#state !== NonInviteClientState.Proceeding) return;
    // §17.1.2.2: in Trying "the timer is reset with a value of MIN(2*T1, T2)" each time; in
    // Proceeding "the request is passed to the transport layer for retransmission, and Timer E is reset with a value of T2".
    this.#send();
    this.#timerEInterval =
      this.#state === NonInviteClientState.Proceeding
        ? this.#context.timers.T2
        : Math.min(2 * this.#timerEInterval, this.#context.timers.T2);
    this.#timerE = this.#context.clock.setTimeout(() => this.#onTimerE(), this.#timerEInterval);
  }

  #onTimerF(): void {
    if (this.#state !== NonInviteClientState.Trying && this.#state !== NonInviteClientState.Proceeding) return;
    // §17.1.2.2: "If Timer F fires while the client transaction is still in the "Trying" or
    // "Proceeding" state, the client transaction SHOULD inform the TU about the timeout, and then
    // it SHOULD enter the "Terminated" state."
    this.#transition(NonInviteClientState.Terminated);
    this.#user.onTimeout?.();
  }

  #send(): void {
    this.#context.send(this.request).catch((error: Error) => {
      if (this.#state === NonInviteClientState.Terminated) return;
      this.#transition(NonInviteClientState.Terminated);
      this.#user.onTransportError?.(error);
    });
  }
}
