/**
 * An in-memory `Transport` for tests of the layers above: records what is sent, and lets a
 * test deliver messages as if they had arrived from the network (received/rport stamping included).
 */
import { InvalidStateError, TransportError } from '../message/errors.ts';
import type { SipMessage } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { serializeMessage } from '../message/serializer.ts';
import { stampReceived } from './received.ts';
import {
  dispatch,
  type MessageHandler,
  type MessageSource,
  type SendTarget,
  type SocketAddress,
  type Transport,
  type TransportProtocol,
} from './transport.ts';

export interface SentMessage {
  readonly message: SipMessage;
  readonly target: SendTarget;
}

export class MemoryTransport implements Transport {
  readonly protocol: TransportProtocol;
  readonly local: SocketAddress;
  readonly sent: SentMessage[] = [];
  readonly #handlers = new Set<MessageHandler>();
  #closed = false;
  /** When set, every send fails with this error (to test transport-error handling). */
  failSends: Error | undefined;

  constructor(options: { protocol?: TransportProtocol; address?: string; port?: number } = {}) {
    this.protocol = options.protocol ?? 'UDP';
    this.local = { address: options.address ?? '127.0.0.1', port: options.port ?? 5060 };
  }

  get connectionCount(): number {
    return 0;
  }

  async listen(): Promise<void> {
    if (this.#closed) throw new InvalidStateError('Memory transport is closed');
  }

  async send(message: SipMessage, target: SendTarget): Promise<void> {
    if (this.#closed) throw new InvalidStateError('Memory transport is closed');
    if (this.failSends !== undefined) throw new TransportError(this.failSends.message);
    // A round trip through the wire format, so tests see exactly what a peer would parse.
    const parsed = parseMessage(serializeMessage(message), { transport: 'stream' });
    if (!parsed.ok) throw parsed.error;
    this.sent.push({ message: parsed.message, target });
  }

  onMessage(handler: MessageHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Delivers a message as if it arrived from `source` (default 192.0.2.1:5060). */
  inject(message: SipMessage, source: Partial<MessageSource> = {}): void {
    const parsed = parseMessage(serializeMessage(message), { transport: 'stream' });
    if (!parsed.ok) throw parsed.error;
    const from: MessageSource = { protocol: this.protocol, address: '192.0.2.1', port: 5060, ...source };
    if (parsed.message.kind === 'request') stampReceived(parsed.message, from);
    dispatch(this.#handlers, { message: parsed.message, source: from }, (error) => {
      throw error;
    });
  }

  /** Messages sent so far, and forgets them. */
  take(): SentMessage[] {
    return this.sent.splice(0);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#handlers.clear();
  }
}
