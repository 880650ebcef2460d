/**
 * What the transaction layer tells an observer about the messages it handles, for counters an
 * application keeps (issue 11: an operator's metrics). The stack knows nothing of how they are
 * counted or exported; the observer is called on the hot path, so an implementation should do no
 * more than increment a number.
 *
 * - `received`: every message a transport handed to the layer (parsed and well-formed enough to
 *   have a method or a status), retransmissions included.
 * - `sent`: every message the layer put on a transport — through a transaction, statelessly
 *   (RFC 3261 §8.2.6, §17.1.1.3 for the ACK of a 2xx) or as a retransmission.
 * - `retransmissionSent`: a transaction sent the same message again (§17.1.1.2 Timer A,
 *   §17.1.2.2 Timer E, §17.2.1 Timer G, a final response repeated for a retransmitted request,
 *   the ACK repeated for a retransmitted non-2xx final response).
 * - `retransmissionReceived`: a request absorbed by the server transaction it belongs to
 *   (§17.2.1, §17.2.2); an ACK that ends an INVITE server transaction is not one.
 *
 * Malformed requests a transport answers itself (400, 513) never reach the layer and are not told.
 */
import type { SipMessage, SipRequest } from '../message/message.ts';

export interface SipTrafficObserver {
  received(message: SipMessage): void;
  sent(message: SipMessage): void;
  retransmissionSent(message: SipMessage): void;
  retransmissionReceived(request: SipRequest): void;
}
