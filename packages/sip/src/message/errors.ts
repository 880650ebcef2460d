/**
 * The few named errors of the SIP stack.
 *
 * - `SipParseError`: a message (or one of its parts) is malformed. Carries the status a UAS
 *   replies with (RFC 3261 §21: 400, 413, 416, 505 ...), so the one place that turns a parse
 *   failure into a response does not need to guess.
 * - `InvalidStateError`: an operation that the current state of a transaction, dialog or
 *   transport forbids (sending on a closed transport, an illegal state transition).
 * - `TransportError`: the network refused a send (unreachable peer, message too large).
 */
export class SipParseError extends Error {
  override readonly name = 'SipParseError';
  readonly status: number;
  readonly reason: string;

  constructor(message: string, status = 400, reason = 'Bad Request') {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
}
