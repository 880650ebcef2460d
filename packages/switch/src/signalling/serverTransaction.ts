import { topVia, type SipRequest, type SipResponse } from '@vaxel/sip';
import { sixtyFourT1, type SipTimers } from './sipTimers.ts';

/**
 * A server transaction (RFC 3261 §17.2) over an unreliable transport, with RFC 6026's Accepted
 * state for INVITE.
 *
 * INVITE, legal transitions:
 * - Proceeding → Completed  a 300–699 response was sent (Timer G retransmits it, Timer H gives up)
 * - Proceeding → Accepted   a 2xx was sent (RFC 6026 §8.5; Timer L ends it; the TU retransmits 2xx)
 * - Completed  → Confirmed  the ACK arrived (Timer I absorbs ACK retransmissions)
 * - Completed  → Terminated Timer H fired: "the server transaction ... MUST ... inform the TU that
 *                           a failure has occurred" (§17.2.1)
 * - Confirmed | Accepted → Terminated  Timer I / Timer L fired
 * non-INVITE: Trying → Proceeding → Completed (Timer J) → Terminated.
 */
export enum ServerTransactionState {
  Trying = 'Trying',
  Proceeding = 'Proceeding',
  Completed = 'Completed',
  Confirmed = 'Confirmed',
  Accepted = 'Accepted',
  Terminated = 'Terminated',
}

export interface ServerTransactionOptions {
  request: SipRequest;
  send: (response: SipResponse) => void;
  timers: SipTimers;
  onTerminated: () => void;
  /** Timer H fired: a non-2xx final response was never acknowledged. */
  onAckTimeout?: () => void;
}

export class ServerTransaction {
  readonly request: SipRequest;
  readonly isInvite: boolean;
  #state: ServerTransactionState;
  #lastResponse: SipResponse | null = null;
  readonly #options: ServerTransactionOptions;
  #timerG: ReturnType<typeof setTimeout> | undefined;
  #timerEnd: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ServerTransactionOptions) {
    this.#options = options;
    this.request = options.request;
    this.isInvite = options.request.method === 'INVITE';
    this.#state = this.isInvite ? ServerTransactionState.Proceeding : ServerTransactionState.Trying;
  }

  get state(): ServerTransactionState {
    return this.#state;
  }

  /** Whether a final response has been sent. */
  get answered(): boolean {
    return this.#lastResponse !== null && this.#lastResponse.status >= 200;
  }

  respond(response: SipResponse): void {
    if (this.#state !== ServerTransactionState.Proceeding && this.#state !== ServerTransactionState.Trying) return;
    this.#lastResponse = response;
    this.#options.send(response);
    if (response.status < 200) {
      this.#state = ServerTransactionState.Proceeding;
      return;
    }
    const t = this.#options.timers;
    if (!this.isInvite) {
      this.#state = ServerTransactionState.Completed;
      this.#timerEnd = setTimeout(() => this.terminate(), sixtyFourT1(t)); // Timer J
      return;
    }
    if (response.status < 300) {
      this.#state = ServerTransactionState.Accepted;
      this.#timerEnd = setTimeout(() => this.terminate(), sixtyFourT1(t)); // Timer L
      return;
    }
    this.#state = ServerTransactionState.Completed;
    // §17.2.1: "the timer G is set to fire in T1 seconds ... the interval doubles ... until T2".
    let interval = t.t1;
    const retransmit = () => {
      if (this.#state !== ServerTransactionState.Completed) return;
      this.#options.send(response);
      interval = Math.min(interval * 2, t.t2);
      this.#timerG = setTimeout(retransmit, interval);
    };
    this.#timerG = setTimeout(retransmit, interval);
    this.#timerEnd = setTimeout(() => {
      // Timer H
      this.#options.onAckTimeout?.();
      this.terminate();
    }, sixtyFourT1(t));
  }

  /** A retransmission of the request arrived: resend the last response (§17.2.1, §17.2.2). */
  retransmitted(): void {
    if (this.#state === ServerTransactionState.Accepted) return; // RFC 6026 §8.5: absorbed
    if (this.#lastResponse && this.#state !== ServerTransactionState.Terminated) this.#options.send(this.#lastResponse);
  }

  /** An ACK for a non-2xx final response. */
  acknowledged(): void {
    if (this.#state !== ServerTransactionState.Completed || !this.isInvite) return;
    this.#state = ServerTransactionState.Confirmed;
    clearTimeout(this.#timerG);
    clearTimeout(this.#timerEnd);
    this.#timerEnd = setTimeout(() => this.terminate(), this.#options.timers.t4); // Timer I
  }

  terminate(): void {
    if (this.#state === ServerTransactionState.Terminated) return;
    this.#state = ServerTransactionState.Terminated;
    clearTimeout(this.#timerG);
    clearTimeout(this.#timerEnd);
    this.#options.onTerminated();
  }
}

/** §17.2.3: the key that matches retransmissions (and the ACK of a non-2xx) to a transaction. */
export function serverTransactionKey(request: SipRequest, method = request.method): string | null {
  const via = topVia(request);
  const branch = via.params.get('branch');
  if (!branch) return null;
  const m = method === 'ACK' ? 'INVITE' : method;
  return `${branch}|${via.host}:${via.port ?? 5060}|${m}`;
}
