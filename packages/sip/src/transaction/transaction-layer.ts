/**
 * The transaction layer (RFC 3261 §17): owns every client and server transaction, matches
 * incoming messages to them, and hands new requests and unmatched responses to its user (the
 * UA core).
 *
 * - A request that matches a server transaction is absorbed by it (retransmissions, ACK for
 *   non-2xx). One that does not creates a new server transaction — except ACK, which is
 *   passed up without one (the ACK for a 2xx is its own transaction-less request, §17.1.1.3).
 * - A request that fails the `policy` checks is answered with the verdict's status through a
 *   server transaction of its own, so that retransmissions are absorbed too; the user never sees it.
 * - A new request may be answered statelessly instead (§8.2.6 / §17: a response sent without a
 *   server transaction, so it is never retransmitted): the `screen` hook's choice (a 407 to an
 *   INVITE without credentials, issue 10), or 503 with Retry-After when the source already holds
 *   `maxServerTransactions` server transactions. A retransmission of such a request is screened
 *   again and answered again, as a stateless element must (§16.11).
 * - A response is passed to the client transaction with the same branch and CSeq method; an
 *   unmatched one (such as a 2xx retransmission after Timer M) goes to `onStrayResponse`.
 */
import { isIPv6 } from 'node:net';
import { SystemClock, type Clock } from '../clock.ts';
import { InvalidStateError, SipParseError, TransportError } from '../message/errors.ts';
import { createResponse, topVia, type SipMessage, type SipRequest, type SipResponse } from '../message/message.ts';
import { validateRequest, type RequestPolicy, type RequestVerdict } from '../message/validate-request.ts';
import { validateResponse } from '../message/validate-response.ts';
import { formatHost } from '../message/uri.ts';
import { BRANCH_MAGIC_COOKIE } from '../message/via.ts';
import { randomHex } from './random-hex.ts';
import { serializeMessage } from '../message/serializer.ts';
import { responseTarget } from '../transport/received.ts';
import type {
  MessageSource,
  ReceivedMessage,
  SendTarget,
  Transport,
  TransportProtocol,
} from '../transport/transport.ts';
import { InviteClientTransaction } from './invite-client-transaction.ts';
import { InviteServerTransaction } from './invite-server-transaction.ts';
import { NonInviteClientTransaction } from './non-invite-client-transaction.ts';
import { NonInviteServerTransaction } from './non-invite-server-transaction.ts';
import { DEFAULT_TIMERS, timerValues, type TimerSettings, type TimerValues } from './timers.ts';
import type {
  ClientTransaction,
  ClientTransactionUser,
  ServerTransaction,
  ServerTransactionUser,
  TransactionContext,
} from './transaction.ts';
import { clientTransactionKey, serverTransactionKey } from './transaction-key.ts';
import type { SipTrafficObserver } from './traffic-observer.ts';

/** Where to send a request: transport protocol plus address and port. */
export interface Destination {
  readonly protocol: TransportProtocol;
  readonly address: string;
  readonly port: number;
}

export interface IncomingRequest {
  readonly request: SipRequest;
  readonly source: MessageSource;
  /** The server transaction to respond through; undefined for an ACK (which is never answered). */
  readonly transaction: ServerTransaction | undefined;
}

/** The `screen` hook's choice for a new request: answer it without a transaction, or drop it. */
export type Screening = { readonly stateless: SipResponse } | 'drop' | undefined;

export interface TransactionLayerOptions {
  /** Transports to listen on and send with; the layer subscribes to them but does not close them. */
  readonly transports: readonly Transport[];
  readonly clock?: Clock;
  readonly timers?: Partial<TimerSettings>;
  /** Host written in Via sent-by (default: the transport's bound address). */
  readonly viaHost?: string;
  /** Checks made on every request before a transaction is created (default: a permissive endpoint). */
  readonly policy?: RequestPolicy;
  readonly onRequest: (incoming: IncomingRequest) => void;
  readonly onStrayResponse?: (response: SipResponse, source: MessageSource) => void;
  /** Asked before a server transaction is made for a new request (never for ACK or a retransmission). */
  readonly screen?: (request: SipRequest, source: MessageSource) => Screening;
  /** Most server transactions open at once for one source address (default unbounded); beyond it, 503 statelessly. */
  readonly maxServerTransactions?: (source: MessageSource) => number;
  /** Server transaction events (Timer H, transport errors), keyed by transaction. */
  readonly serverUser?: (request: SipRequest) => ServerTransactionUser;
  /** Told of every message received and sent, and of retransmissions (counters; see traffic-observer.ts). */
  readonly observer?: SipTrafficObserver;
}

export class TransactionLayer {
  readonly #options: TransactionLayerOptions;
  readonly #clock: Clock;
  readonly #timers: TimerValues;
  readonly #settings: TimerSettings;
  readonly #clients = new Map<string, ClientTransaction>();
  readonly #servers = new Map<string, ServerTransaction>();
  readonly #unsubscribe: Array<() => void> = [];
  /** Open server transactions per source address, for `maxServerTransactions`. */
  readonly #serversBySource = new Map<string, number>();
  #statelessResponses = 0;
  #closed = false;
  readonly #observer: SipTrafficObserver | undefined;

  constructor(options: TransactionLayerOptions) {
    this.#options = options;
    this.#observer = options.observer;
    this.#clock = options.clock ?? new SystemClock();
    this.#settings = { ...DEFAULT_TIMERS, ...options.timers };
    this.#timers = timerValues(this.#settings);
    for (const transport of options.transports) {
      this.#unsubscribe.push(transport.onMessage((received) => this.receive(received, transport)));
    }
  }

  get transactionCount(): number {
    return this.#clients.size + this.#servers.size;
  }

  get serverTransactionCount(): number {
    return this.#servers.size;
  }

  /** Responses sent without a server transaction so far (screened requests and the 503s of the bound). */
  get statelessResponses(): number {
    return this.#statelessResponses;
  }

  /** Starts a client transaction. A top Via with a fresh branch is added unless the request has one (CANCEL copies the INVITE's). */
  sendRequest(request: SipRequest, destination: Destination, user: ClientTransactionUser): ClientTransaction {
    if (this.#closed) throw new InvalidStateError('Transaction layer is closed');
    if (request.method === 'ACK') throw new InvalidStateError('ACK is sent with sendStateless, not in a transaction');
    const route = this.#chooseTransport(request, destination);
    destination = route;
    const transport = this.transportFor(route);
    if (!request.headers.has('Via')) request.headers.prepend('Via', this.#via(transport));
    const id = clientTransactionKey(request);
    if (this.#clients.has(id)) throw new InvalidStateError(`A client transaction ${id} already exists`);
    const context = this.#context(transport, destination, () => this.#clients.delete(id));
    const transaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction(id, request, context, user, this.#settings.timerC)
        : new NonInviteClientTransaction(id, request, context, user);
    if (transaction.state !== 'Terminated') this.#clients.set(id, transaction);
    return transaction;
  }

  /**
   * §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger than 1300 bytes
   * and the path MTU is unknown, the request MUST be sent using an RFC 2914 congestion controlled
   * transport protocol, such as TCP." A request that already has a Via (CANCEL, which copies the
   * INVITE's) keeps the transport that Via names.
   */
  #chooseTransport(request: SipRequest, destination: Destination): Destination {
    if (request.headers.has('Via')) {
      const named = topVia(request).transport;
      return named === 'UDP' || named === 'TCP' ? { ...destination, protocol: named } : destination;
    }
    if (destination.protocol !== 'UDP') return destination;
    // The Via we are about to add is under 100 bytes.
    if (serializeMessage(request).length + 100 <= 1300) return destination;
    const tcp = { ...destination, protocol: 'TCP' as const };
    try {
      this.transportFor(tcp);
      return tcp;
    } catch {
      return destination;
    }
  }

  /** Sends outside any transaction: the ACK for a 2xx (§13.2.2.4) or a stateless response. */
  async sendStateless(message: SipMessage, destination: Destination & { connectionId?: string }): Promise<void> {
    if (this.#closed) throw new InvalidStateError('Transaction layer is closed');
    const transport = this.transportFor(destination);
    if (message.kind === 'request' && !message.headers.has('Via')) message.headers.prepend('Via', this.#via(transport));
    this.#observer?.sent(message);
    await transport.send(message, destination);
  }

  /** §9.2: the INVITE server transaction a CANCEL refers to ("the same ... except the method"). */
  findInviteServerTransaction(cancel: SipRequest): ServerTransaction | undefined {
    return this.#servers.get(serverTransactionKey(cancel, 'INVITE'));
  }

  /** The transport for a destination: same protocol, same IP family (IPv4 for host names). */
  transportFor(destination: Destination): Transport {
    const wantV6 = isIPv6(destination.address);
    const transport = this.#options.transports.find(
      (t) => t.protocol === destination.protocol && isIPv6(t.local.address) === wantV6,
    );
    if (transport === undefined)
      throw new TransportError(`No ${destination.protocol} transport for ${destination.address}`);
    return transport;
  }

  /** Entry point for every message from a transport (public so tests can inject messages). */
  receive(received: ReceivedMessage, transport: Transport): void {
    if (this.#closed) return;
    const { message, source } = received;
    this.#observer?.received(message);
    if (message.kind === 'response') {
      if (!validateResponse(message, 'endpoint').ok || !this.#sentByUs(message)) return;
      const transaction = this.#clients.get(clientTransactionKey(message));
      if (transaction !== undefined) transaction.receiveResponse(message);
      else this.#options.onStrayResponse?.(message, source);
      return;
    }
    this.#receiveRequest(message, source, transport);
  }

  /** Disposes of every transaction without notifying their users; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const off of this.#unsubscribe.splice(0)) off();
    for (const transaction of [...this.#clients.values(), ...this.#servers.values()]) transaction.dispose();
    this.#clients.clear();
    this.#servers.clear();
    this.#serversBySource.clear();
  }

  #receiveRequest(request: SipRequest, source: MessageSource, transport: Transport): void {
    const policy = this.#options.policy ?? {
      role: 'endpoint',
      acceptedContentTypes: ['application/sdp', 'text/plain', 'application/dtmf-relay', 'application/pidf+xml'],
      producedContentTypes: ['application/sdp', '*/*'],
    };
    // Without a Via and a CSeq there is neither a transaction nor an address to answer to.
    if (!request.headers.has('Via') || !request.headers.has('CSeq')) return;
    let verdict: RequestVerdict;
    let id: string;
    try {
      verdict = validateRequest(request, policy);
      id = serverTransactionKey(request);
    } catch (error) {
      if (error instanceof SipParseError) return;
      throw error;
    }
    if (!verdict.ok && request.method === 'ACK') return; // ACK is never answered (§17.1.1.3).
    const existing = this.#servers.get(id);
    if (existing !== undefined) {
      if (existing.receiveRequest(request)) {
        if (request.method !== 'ACK') this.#observer?.retransmissionReceived(request);
        return;
      }
      if (request.method === 'ACK') this.#options.onRequest({ request, source, transaction: undefined });
      return;
    }
    if (request.method === 'ACK') {
      this.#options.onRequest({ request, source, transaction: undefined });
      return;
    }
    const target: SendTarget = responseTarget(topVia(request), source.connectionId);
    if (verdict.ok && this.#answeredStatelessly(request, source, transport, target)) return;
    const context = this.#context(transport, target, () => {
      this.#servers.delete(id);
      this.#countServer(source.address, -1);
    });
    const user = this.#options.serverUser?.(request) ?? {};
    const transaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(id, request, context, user)
        : new NonInviteServerTransaction(id, request, context, user);
    this.#servers.set(id, transaction);
    this.#countServer(source.address, +1);
    if (!verdict.ok) {
      transaction.respond(
        createResponse(request, verdict.status, {
          reason: verdict.reason,
          headers: verdict.headers,
          toTag: randomToken(),
        }),
      );
      return;
    }
    this.#options.onRequest({ request, source, transaction });
  }

  /** The `screen` hook and the per-source bound; true when the request was answered (or dropped) without a transaction. */
  #answeredStatelessly(request: SipRequest, source: MessageSource, transport: Transport, target: SendTarget): boolean {
    const screening = this.#options.screen?.(request, source);
    if (screening === 'drop') return true;
    let response = screening?.stateless;
    const limit = this.#options.maxServerTransactions?.(source);
    if (response === undefined && limit !== undefined && (this.#serversBySource.get(source.address) ?? 0) >= limit) {
      // §21.5.4: 503 with Retry-After tells the client when to try again, and is not a failure of the request.
      response = createResponse(request, 503, { toTag: randomToken(), headers: [['Retry-After', '5']] });
    }
    if (response === undefined) return false;
    this.#statelessResponses += 1;
    this.#observer?.sent(response);
    transport.send(response, target).catch(() => undefined);
    return true;
  }

  #countServer(address: string, change: 1 | -1): void {
    const count = (this.#serversBySource.get(address) ?? 0) + change;
    if (count > 0) this.#serversBySource.set(address, count);
    else this.#serversBySource.delete(address);
  }

  /**
   * §18.1.2: "If the value of the "sent-by" parameter in that header field value does not
   * correspond to a value that the client transport is configured to insert into requests, the
   * response MUST be silently discarded."
   */
  #sentByUs(response: SipResponse): boolean {
    const via = topVia(response);
    return this.#options.transports.some((transport) => {
      const host = this.#options.viaHost ?? transport.local.address;
      return via.host.toLowerCase() === host.toLowerCase() && (via.port ?? 5060) === transport.local.port;
    });
  }

  #context(transport: Transport, target: SendTarget, forget: () => void): TransactionContext {
    const observer = this.#observer;
    // A transaction retransmits by sending the very message it sent before (the request on
    // Timer A/E, its last response, the ACK of a non-2xx), so the last one sent tells them apart.
    let last: SipMessage | undefined;
    return {
      clock: this.#clock,
      timers: this.#timers,
      reliable: transport.protocol === 'TCP',
      send: observer
        ? (message) => {
            observer.sent(message);
            if (message === last) observer.retransmissionSent(message);
            last = message;
            return transport.send(message, target);
          }
        : (message) => transport.send(message, target),
      onTerminated: forget,
    };
  }

  #via(transport: Transport): string {
    const host = formatHost(this.#options.viaHost ?? transport.local.address);
    return `SIP/2.0/${transport.protocol} ${host}:${transport.local.port};branch=${newBranch()};rport`;
  }
}

/** A fresh RFC 3261 branch: the magic cookie plus 64 random bits. */
export function newBranch(): string {
  return `${BRANCH_MAGIC_COOKIE}${randomHex(8)}`;
}

/** A random token for tags and Call-IDs (§19.3: at least 32 bits of randomness). */
export function randomToken(bytes = 8): string {
  return randomHex(bytes);
}
