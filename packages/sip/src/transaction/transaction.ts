/**
 * What every transaction gets from the layer that owns it, and the names it is known by.
 */
import type { Clock } from '../clock.ts';
import type { SipMessage, SipRequest, SipResponse } from '../message/message.ts';
import type { TimerValues } from './timers.ts';

export interface TransactionContext {
  readonly clock: Clock;
  readonly timers: TimerValues;
  /** True over TCP: retransmission timers are not used, wait timers are zero (§17.1.1.2, §17.2.1). */
  readonly reliable: boolean;
  /** Sends over the transport and to the target this transaction is bound to. */
  send(message: SipMessage): Promise<void>;
  /** Called once when the transaction reaches Terminated, so the layer forgets it. */
  onTerminated(): void;
}

/** The transaction user's side of a client transaction (a UA core, a proxy core). */
export interface ClientTransactionUser {
  onResponse(response: SipResponse): void;
  /** Timer B or F fired: no final response; the TU treats it as 408 (§8.1.3.1). */
  onTimeout?(): void;
  /** The transport refused to send: the TU treats it as 503 (§8.1.3.1). */
  onTransportError?(error: Error): void;
}

/** The transaction user's side of a server transaction. */
export interface ServerTransactionUser {
  /** INVITE server: Timer H fired, the ACK never came (§17.2.1). */
  onTimeout?(): void;
  onTransportError?(error: Error): void;
}

export interface ClientTransaction {
  readonly id: string;
  readonly kind: 'invite-client' | 'non-invite-client';
  readonly request: SipRequest;
  readonly state: string;
  receiveResponse(response: SipResponse): void;
  /** Terminates at once: timers stop, the layer forgets it, the TU is not notified. */
  dispose(): void;
}

export interface ServerTransaction {
  readonly id: string;
  readonly kind: 'invite-server' | 'non-invite-server';
  readonly request: SipRequest;
  readonly state: string;
  /** Sends a response from the TU; throws InvalidStateError if the state does not allow it. */
  respond(response: SipResponse): void;
  /** A retransmission or an ACK for this transaction; false when the message is not absorbed and belongs to the TU. */
  receiveRequest(request: SipRequest): boolean;
  /** Terminates at once: timers stop, the layer forgets it, the TU is not notified. */
  dispose(): void;
}
