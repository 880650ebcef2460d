/**
 * SIP over UDP (RFC 3261 §18): one datagram, one message. Requests get received/rport stamped
 * on their top Via (§18.2.1, RFC 3581); malformed requests are answered statelessly, malformed
 * responses dropped; datagrams over the size limit (16 KiB), and any from a source `admit`
 * refuses, are dropped unread; a request with too many Via values is answered 513 (limits.ts).
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { InvalidStateError, TransportError } from '../message/errors.ts';
import type { SipMessage } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { serializeMessage } from '../message/serializer.ts';
import { MAX_DATAGRAM_SIZE, looksLikeResponse, tooManyVias } from './limits.ts';
import { responseToMalformed } from './malformed.ts';
import { ReceiveDelayProbe } from './receiveDelayProbe.ts';
import { stampReceived } from './received.ts';
import {
  dispatch,
  type MessageHandler,
  type SendTarget,
  type SocketAddress,
  type Transport,
  type TransportLimits,
} from './transport.ts';

export interface UdpTransportOptions extends TransportLimits {
  /** Address to bind (127.0.0.1, ::1, 0.0.0.0, ::). */
  readonly host: string;
  /** Port to bind; 0 picks a free one. */
  readonly port: number;
  /** Received datagrams larger than this are dropped unread (default 16 KiB, limits.ts). */
  readonly maxDatagramSize?: number;
  /**
   * The socket's receive buffer (SO_RCVBUF) in bytes; default the OS's. A larger one lets a burst
   * (a flood the admit hook drops) queue instead of pushing legitimate datagrams out; Linux caps it
   * at net.core.rmem_max.
   */
  readonly receiveBufferBytes?: number;
  /** Measures how long datagrams wait in the socket's queue (`receiveDelayMs`) with a probe of its own every 100 ms. */
  readonly measureReceiveDelay?: boolean;
}

/** The largest UDP payload over IPv4 (65535 - 8 UDP header - 20 IP header). */
const MAX_UDP_PAYLOAD = 65_507;

export class UdpTransport implements Transport {
  readonly protocol = 'UDP' as const;
  readonly connectionCount = 0;
  readonly #options: UdpTransportOptions;
  readonly #maxSize: number;
  readonly #maxReceived: number;
  readonly #handlers = new Set<MessageHandler>();
  #probe: ReceiveDelayProbe | undefined;
  #socket: Socket | undefined;
  #local: SocketAddress | undefined;
  #closed = false;

  constructor(options: UdpTransportOptions) {
    this.#options = options;
    this.#maxSize = Math.min(options.maxMessageSize ?? MAX_UDP_PAYLOAD, MAX_UDP_PAYLOAD);
    this.#maxReceived = Math.min(options.maxDatagramSize ?? MAX_DATAGRAM_SIZE, this.#maxSize);
  }

  get local(): SocketAddress {
    if (this.#local === undefined) throw new InvalidStateError('UDP transport is not listening');
    return this.#local;
  }

  async listen(): Promise<void> {
    if (this.#closed) throw new InvalidStateError('UDP transport is closed');
    const socket = createSocket({
      type: isIPv6(this.#options.host) ? 'udp6' : 'udp4',
      ...(this.#options.receiveBufferBytes !== undefined && { recvBufferSize: this.#options.receiveBufferBytes }),
    });
    socket.on('message', (data, info) => this.#receive(data, info.address, info.port));
    // A socket error after bind (e.g. ICMP unreachable surfaced by the OS) must not crash the process.
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.#options.port, this.#options.host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    const address = socket.address();
    this.#socket = socket;
    this.#local = { address: address.address, port: address.port };
    if (this.#options.measureReceiveDelay) {
      this.#probe = new ReceiveDelayProbe({ target: this.#local });
      await this.#probe.start();
    }
  }

  /** How long a datagram waits in the socket's kernel queue before it is read, ms (receiveDelayProbe.ts; 0 unless `measureReceiveDelay`). */
  receiveDelayMs(): number {
    return this.#probe?.delayMs() ?? 0;
  }

  onMessage(handler: MessageHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  async send(message: SipMessage, target: SendTarget): Promise<void> {
    const socket = this.#socket;
    if (this.#closed || socket === undefined) throw new InvalidStateError('UDP transport is not open');
    const bytes = serializeMessage(message);
    if (bytes.length > this.#maxSize)
      throw new TransportError(`Message of ${bytes.length} bytes is too large for UDP (limit ${this.#maxSize})`);
    await new Promise<void>((resolve, reject) => {
      socket.send(bytes, target.port, target.address, (error) =>
        error ? reject(new TransportError(error.message)) : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    this.#probe?.close();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket !== undefined) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  #receive(data: Buffer, address: string, port: number): void {
    if (this.#probe?.recognise(data, port)) return;
    if (data.length > this.#maxReceived) return;
    const source = { protocol: 'UDP' as const, address, port };
    if (this.#options.admit !== undefined && !this.#options.admit(source, looksLikeResponse(data))) return;
    // A lone CRLF (or CRLFCRLF keep-alive, RFC 5626 §4.4.1) is not a message.
    if (data.every((byte) => byte === 0x0d || byte === 0x0a)) return;
    const result = parseMessage(data, { transport: 'datagram', maxMessageSize: this.#maxReceived });
    const parsed = result.ok ? (tooManyVias(result.message) ?? result) : result;
    if (!parsed.ok) {
      const reply = responseToMalformed(parsed);
      if (reply !== undefined) this.send(reply.response, { address, port }).catch(() => undefined);
      return;
    }
    if (parsed.message.kind === 'request') stampReceived(parsed.message, source);
    dispatch(this.#handlers, { message: parsed.message, source }, this.#options.onError);
  }
}
