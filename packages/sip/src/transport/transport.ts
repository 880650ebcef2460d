/**
 * What the transaction layer needs from a transport (RFC 3261 §18): send a message to a
 * target, hear about messages that arrived. UDP and TCP implement it; tests use a fake.
 */
import type { SipMessage } from '../message/message.ts';

export type TransportProtocol = 'UDP' | 'TCP';

export interface SocketAddress {
  readonly address: string;
  readonly port: number;
}

/** Where to send. For TCP a `connectionId` names the connection to reuse if it is still open (§18.2.2). */
export interface SendTarget extends SocketAddress {
  readonly connectionId?: string;
}

/** Where a message came from. */
export interface MessageSource extends SocketAddress {
  readonly protocol: TransportProtocol;
  /** For connection-oriented transports, the connection it arrived on. */
  readonly connectionId?: string;
}

export interface ReceivedMessage {
  readonly message: SipMessage;
  readonly source: MessageSource;
}

export type MessageHandler = (received: ReceivedMessage) => void;

/**
 * Asked with the source of every datagram and every framed TCP message before it is parsed;
 * `false` drops it unread, so a source the application refuses (a flood, a ban) costs nothing
 * (issue 10). `response` is read from the first four bytes only ("SIP/"), so that answers to what
 * we sent need not be counted as requests.
 */
export type Admission = (source: MessageSource, response: boolean) => boolean;

export interface TransportLimits {
  /** Largest message accepted or sent, in bytes (default 65535; received UDP datagrams are capped lower, see `UdpTransportOptions`). */
  readonly maxMessageSize?: number;
  /** Consulted before any parsing (default: everything is admitted). */
  readonly admit?: Admission;
  /** Called when a message handler throws (default: console.error); the transport keeps running. */
  readonly onError?: (error: unknown) => void;
}

/** Runs each handler, so that one that throws neither crashes the socket nor starves the others. */
export function dispatch(
  handlers: Iterable<MessageHandler>,
  received: ReceivedMessage,
  onError: ((error: unknown) => void) | undefined,
): void {
  for (const handler of handlers) {
    try {
      handler(received);
    } catch (error) {
      (onError ?? console.error)(error);
    }
  }
}

export interface Transport {
  readonly protocol: TransportProtocol;
  /** The bound address and port (after listen). */
  readonly local: SocketAddress;
  /** Open connections (always 0 for UDP). */
  readonly connectionCount: number;
  /** Starts listening; resolves when bound. */
  listen(): Promise<void>;
  /** Serialises and sends; rejects with `TransportError` if the network refuses, `InvalidStateError` after close. */
  send(message: SipMessage, target: SendTarget): Promise<void>;
  /** Registers a handler for valid incoming messages; returns a function that removes it. */
  onMessage(handler: MessageHandler): () => void;
  /** Stops listening and closes every connection; safe to call twice. */
  close(): Promise<void>;
}
