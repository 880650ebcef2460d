/**
 * SIP over TCP (RFC 3261 §18): a listener plus outgoing connections, each framed by
 * Content-Length (§18.3) with a per-connection buffer limit.
 *
 * - Responses go back over the connection the request arrived on while it is open (§18.2.2:
 *   "the server transport ... MUST send the response over that connection"), else over a
 *   new connection to the Via's received/port.
 * - Requests to a target reuse an open connection to that address and port (§18.1.1).
 * - A connection that sends unframeable bytes, exceeds the size limit, or stays silent past
 *   `idleTimeoutMs` is closed (RFC 4475 §3.1.2.2 / §3.1.2.3). A request over the size limit
 *   (64 KiB) whose header section could be read is answered 513 first (limits.ts).
 * - Each framed message is offered to `admit` before it is parsed; a refused one is dropped.
 */
import { createConnection, createServer, isIPv6, type Server, type Socket } from 'node:net';
import { SystemClock, type Clock, type TimerHandle } from '../clock.ts';
import { InvalidStateError, SipParseError, TransportError } from '../message/errors.ts';
import type { SipMessage } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { serializeMessage } from '../message/serializer.ts';
import { MAX_STREAM_MESSAGE_SIZE, looksLikeResponse, tooManyVias } from './limits.ts';
import { responseToMalformed } from './malformed.ts';
import { stampReceived } from './received.ts';
import { StreamFramer } from './stream-framer.ts';
import {
  dispatch,
  type MessageHandler,
  type SendTarget,
  type SocketAddress,
  type Transport,
  type TransportLimits,
} from './transport.ts';

export interface TcpTransportOptions extends TransportLimits {
  readonly host: string;
  readonly port: number;
  /** Close a connection after this long without traffic (default 10 minutes). */
  readonly idleTimeoutMs?: number;
  /** Refuse incoming connections beyond this many (default 1024). */
  readonly maxConnections?: number;
  readonly clock?: Clock;
}

interface Connection {
  readonly id: string;
  readonly socket: Socket;
  readonly remote: SocketAddress;
  readonly framer: StreamFramer;
  idleTimer?: TimerHandle;
}

export class TcpTransport implements Transport {
  readonly protocol = 'TCP' as const;
  readonly #options: TcpTransportOptions;
  readonly #clock: Clock;
  readonly #maxSize: number;
  readonly #handlers = new Set<MessageHandler>();
  readonly #connections = new Map<string, Connection>();
  readonly #connecting = new Map<string, Promise<Connection>>();
  #server: Server | undefined;
  #local: SocketAddress | undefined;
  #nextId = 1;
  #closed = false;

  constructor(options: TcpTransportOptions) {
    this.#options = options;
    this.#clock = options.clock ?? new SystemClock();
    this.#maxSize = options.maxMessageSize ?? MAX_STREAM_MESSAGE_SIZE;
  }

  get local(): SocketAddress {
    if (this.#local === undefined) throw new InvalidStateError('TCP transport is not listening');
    return this.#local;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  async listen(): Promise<void> {
    if (this.#closed) throw new InvalidStateError('TCP transport is closed');
    const server = createServer((socket) => {
      if (this.#closed || this.#connections.size >= (this.#options.maxConnections ?? 1024)) {
        socket.destroy();
        return;
      }
      this.#adopt(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#options.port, this.#options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) => (this.#options.onError ?? console.error)(error));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new TransportError('TCP server has no address');
    this.#server = server;
    this.#local = { address: address.address, port: address.port };
  }

  onMessage(handler: MessageHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  async send(message: SipMessage, target: SendTarget): Promise<void> {
    if (this.#closed) throw new InvalidStateError('TCP transport is closed');
    const bytes = serializeMessage(message);
    if (bytes.length > this.#maxSize)
      throw new TransportError(`Message of ${bytes.length} bytes exceeds the limit of ${this.#maxSize}`);
    const byId = target.connectionId === undefined ? undefined : this.#connections.get(target.connectionId);
    const connection = byId ?? this.#findByRemote(target) ?? (await this.#connect(target));
    await new Promise<void>((resolve, reject) => {
      connection.socket.write(bytes, (error) => (error ? reject(new TransportError(error.message)) : resolve()));
    });
    this.#touch(connection);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    for (const connection of [...this.#connections.values()]) this.#drop(connection);
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #findByRemote(target: SendTarget): Connection | undefined {
    for (const connection of this.#connections.values()) {
      if (connection.remote.address === target.address && connection.remote.port === target.port) return connection;
    }
    return undefined;
  }

  async #connect(target: SendTarget): Promise<Connection> {
    const key = `${target.address}|${target.port}`;
    const pending = this.#connecting.get(key);
    if (pending !== undefined) return pending;
    const attempt = new Promise<Connection>((resolve, reject) => {
      const socket = createConnection({
        host: target.address,
        port: target.port,
        family: isIPv6(target.address) ? 6 : 4,
      });
      socket.once('connect', () => {
        socket.off('error', onError);
        if (this.#closed) {
          socket.destroy();
          reject(new InvalidStateError('TCP transport closed while connecting'));
          return;
        }
        resolve(this.#adopt(socket, { address: target.address, port: target.port }));
      });
      const onError = (error: Error) =>
        reject(new TransportError(`Cannot connect to ${target.address}:${target.port}: ${error.message}`));
      socket.once('error', onError);
    });
    this.#connecting.set(key, attempt);
    try {
      return await attempt;
    } finally {
      this.#connecting.delete(key);
    }
  }

  #adopt(socket: Socket, remote?: SocketAddress): Connection {
    const connection: Connection = {
      id: `tcp-${this.#nextId++}`,
      socket,
      remote: remote ?? { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
      framer: new StreamFramer(this.#maxSize),
    };
    this.#connections.set(connection.id, connection);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.#receive(connection, chunk));
    socket.on('error', () => this.#drop(connection));
    socket.on('close', () => this.#drop(connection));
    this.#touch(connection);
    return connection;
  }

  #receive(connection: Connection, chunk: Buffer): void {
    this.#touch(connection);
    let frames: Buffer[];
    try {
      frames = connection.framer.push(chunk);
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      // Framing is lost: nothing after this point can be trusted, so the connection goes.
      this.#refuseOversize(connection, error);
      return;
    }
    const source = {
      protocol: 'TCP' as const,
      address: connection.remote.address,
      port: connection.remote.port,
      connectionId: connection.id,
    };
    for (const frame of frames) {
      if (this.#options.admit !== undefined && !this.#options.admit(source, looksLikeResponse(frame))) continue;
      const result = parseMessage(frame, { transport: 'stream', maxMessageSize: this.#maxSize });
      const parsed = result.ok ? (tooManyVias(result.message) ?? result) : result;
      if (!parsed.ok) {
        const reply = responseToMalformed(parsed);
        if (reply !== undefined)
          this.send(reply.response, { ...connection.remote, connectionId: connection.id }).catch(() => undefined);
        continue;
      }
      if (parsed.message.kind === 'request') stampReceived(parsed.message, source);
      dispatch(this.#handlers, { message: parsed.message, source }, this.#options.onError);
    }
  }

  /**
   * A framing failure closes the connection; when it was only the size (513) and the request's
   * header section was read, the request is answered 513 Message Too Large first.
   */
  #refuseOversize(connection: Connection, error: SipParseError): void {
    const head = connection.framer.rejectedHead;
    const source = {
      protocol: 'TCP' as const,
      address: connection.remote.address,
      port: connection.remote.port,
      connectionId: connection.id,
    };
    const admitted = head !== undefined && (this.#options.admit?.(source, looksLikeResponse(head)) ?? true);
    const parsed =
      error.status === 513 && head !== undefined && admitted
        ? parseMessage(head, { transport: 'datagram' })
        : undefined;
    const headers = parsed === undefined ? undefined : parsed.ok ? parsed.message.headers : parsed.headers;
    const kind = parsed === undefined ? undefined : parsed.ok ? parsed.message.kind : parsed.kind;
    const reply =
      headers === undefined || kind !== 'request'
        ? undefined
        : responseToMalformed({ ok: false, kind, headers, error });
    // Stop reading at once; the connection closes once the answer is written (or could not be).
    connection.socket.pause();
    if (reply === undefined) {
      this.#drop(connection);
      return;
    }
    this.send(reply.response, { ...connection.remote, connectionId: connection.id })
      .catch(() => undefined)
      .finally(() => this.#drop(connection));
  }

  #touch(connection: Connection): void {
    this.#clock.clearTimeout(connection.idleTimer);
    connection.idleTimer = this.#clock.setTimeout(() => this.#drop(connection), this.#options.idleTimeoutMs ?? 600_000);
  }

  #drop(connection: Connection): void {
    this.#clock.clearTimeout(connection.idleTimer);
    if (!this.#connections.delete(connection.id)) return;
    connection.socket.destroy();
  }
}
