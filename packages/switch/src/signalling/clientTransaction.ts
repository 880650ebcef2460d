import { createRequest, getCSeq, type SipRequest, type SipResponse } from '@vaxel/sip';
import { sixtyFourT1, type SipTimers } from './sipTimers.ts';

/**
 * A client transaction (RFC 3261 §17.1) over an unreliable transport, with RFC 6026's Accepted
 * state for INVITE.
 *
 * INVITE, legal transitions:
 * - Calling    → Proceeding  a 1xx arrived (Timer A stops retransmitting)
 * - Calling | Proceeding → Accepted   a 2xx arrived (RFC 6026 §7.2; Timer M; the TU sends ACK)
 * - Calling | Proceeding → Completed  a 300–699 arrived; the transaction sends the ACK (§17.1.1.3), Timer D
 * - Calling    → Terminated  Timer B: no answer at all; the TU hears 408 (§8.1.3.1)
 * - Accepted | Completed → Terminated  Timer M / Timer D
 * non-INVITE: Trying → Proceeding → Completed (Timer K) → Terminated; Timer F → Terminated with 408.
 */
export enum ClientTransactionState {
  Calling = 'Calling',
  Trying = 'Trying',
  Proceeding = 'Proceeding',
  Accepted = 'Accepted',
  Completed = 'Completed',
  Terminated = 'Terminated',
}

export interface ClientTransactionOptions {
  request: SipRequest;
  send: (request: SipRequest) => void;
  timers: SipTimers;
  onResponse: (response: SipResponse) => void;
  /** Timer B / Timer F: no final response. */
  onTimeout: () => void;
  onTerminated: () => void;
}

export class ClientTransaction {
  readonly request: SipRequest;
  readonly isInvite: boolean;
  #state: ClientTransactionState;
  readonly #options: ClientTransactionOptions;
  #retransmit: ReturnType<typeof setTimeout> | undefined;
  #timeout: ReturnType<typeof setTimeout> | undefined;
  #end: ReturnType<typeof setTimeout> | undefined;
  #ack: SipRequest | null = null;

  constructor(options: ClientTransactionOptions) {
    this.#options = options;
    this.request = options.request;
    this.isInvite = options.request.method === 'INVITE';
    this.#state = this.isInvite ? ClientTransactionState.Calling : ClientTransactionState.Trying;
  }

  get state(): ClientTransactionState {
    return this.#state;
  }

  start(): void {
    const t = this.#options.timers;
    this.#options.send(this.request);
    let interval = t.t1;
    const retransmit = () => {
      const s = this.#state;
      if (s !== ClientTransactionState.Calling && s !== ClientTransactionState.Trying && !(s === ClientTransactionState.Proceeding && !this.isInvite)) return;
      this.#options.send(this.request);
      // Timer A doubles without bound (§17.1.1.2); Timer E doubles up to T2 (§17.1.2.2).
      interval = this.isInvite ? interval * 2 : Math.min(interval * 2, t.t2);
      this.#retransmit = setTimeout(retransmit, interval);
    };
    this.#retransmit = setTimeout(retransmit, interval);
    this.#timeout = setTimeout(() => {
      // Timer B / F
      if (this.#state === ClientTransactionState.Completed || this.#state === ClientTransactionState.Accepted || this.#state === ClientTransactionState.Terminated) return;
      if (this.isInvite && this.#state === ClientTransactionState.Proceeding) return; // a ringing INVITE waits for its final
      this.#options.onTimeout();
      this.terminate();
    }, sixtyFourT1(t));
  }

  receive(response: SipResponse): void {
    const t = this.#options.timers;
    switch (this.#state) {
      case ClientTransactionState.Terminated:
        return;
      case ClientTransactionState.Completed:
        // A retransmitted final: §17.1.1.2 "MUST ... pass an ACK to the transport layer".
        if (this.#ack) this.#options.send(this.#ack);
        return;
      case ClientTransactionState.Accepted:
        // RFC 6026 §7.2: further 2xx go to the TU (it ACKs them again).
        if (response.status >= 200 && response.status < 300) this.#options.onResponse(response);
        return;
      default:
        break;
    }
    if (response.status < 200) {
      if (this.#state !== ClientTransactionState.Proceeding) {
        this.#state = ClientTransactionState.Proceeding;
        if (this.isInvite) clearTimeout(this.#retransmit);
      }
      this.#options.onResponse(response);
      return;
    }
    clearTimeout(this.#retransmit);
    clearTimeout(this.#timeout);
    if (this.isInvite && response.status < 300) {
      this.#state = ClientTransactionState.Accepted;
      this.#end = setTimeout(() => this.terminate(), sixtyFourT1(t)); // Timer M
    } else {
      this.#state = ClientTransactionState.Completed;
      if (this.isInvite) {
        this.#ack = ackForFailure(this.request, response);
        this.#options.send(this.#ack);
        this.#end = setTimeout(() => this.terminate(), sixtyFourT1(t)); // Timer D (≥ 32 s; 64·T1 here)
      } else {
        this.#end = setTimeout(() => this.terminate(), t.t4); // Timer K
      }
    }
    this.#options.onResponse(response);
  }

  terminate(): void {
    if (this.#state === ClientTransactionState.Terminated) return;
    this.#state = ClientTransactionState.Terminated;
    clearTimeout(this.#retransmit);
    clearTimeout(this.#timeout);
    clearTimeout(this.#end);
    this.#options.onTerminated();
  }
}

/**
 * §17.1.1.3: the ACK for a non-2xx final response: same Request-URI, Call-ID, From, CSeq number,
 * the top Via of the request only, the To of the response, and the request's Route headers.
 */
export function ackForFailure(request: SipRequest, response: SipResponse): SipRequest {
  const headers: Array<[string, string]> = [
    ['Via', request.headers.get('Via')!],
    ['Max-Forwards', '70'],
    ['From', request.headers.get('From')!],
    ['To', response.headers.get('To') ?? request.headers.get('To')!],
    ['Call-ID', request.headers.get('Call-ID')!],
    ['CSeq', `${getCSeq(request).seq} ACK`],
  ];
  for (const route of request.headers.getAll('Route')) headers.push(['Route', route]);
  return createRequest({ method: 'ACK', uri: request.uri, headers });
}

export function clientTransactionKey(branch: string, method: string): string {
  return `${branch}|${method === 'ACK' ? 'INVITE' : method}`;
}
