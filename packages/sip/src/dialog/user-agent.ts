/**
 * A small SIP user agent core (RFC 3261 §8, §12-§15) on top of the transaction layer: sends
 * INVITE, re-INVITE, CANCEL, BYE, OPTIONS, INFO and other requests, ACKs 2xx (and re-ACKs their
 * retransmissions), answers requests for unknown dialogs with 481, unknown methods with 501 and
 * known-but-unsupported ones with 405. It knows nothing about a PBX: calls and registrations
 * are the application's business, through `onInvite`, `onRequest` and the dialog callbacks.
 */
import { SystemClock, type Clock } from '../clock.ts';
import { pickDigestChallenge, buildAuthorization, type DigestCredentials } from '../auth/digest-client.ts';
import { InvalidStateError } from '../message/errors.ts';
import { Headers } from '../message/headers.ts';
import {
  createRequest,
  createResponse,
  getCSeq,
  getFrom,
  getTo,
  type SipRequest,
  type SipResponse,
} from '../message/message.ts';
import { formatNameAddr, parseNameAddr, withParam, type NameAddr } from '../message/name-addr.ts';
import { formatHost, formatUri, parseUri, type Uri } from '../message/uri.ts';
import { DEFAULT_TIMERS, timerValues, type TimerSettings } from '../transaction/timers.ts';
import {
  TransactionLayer,
  randomToken,
  type Destination,
  type IncomingRequest,
  type TransactionLayerOptions,
} from '../transaction/transaction-layer.ts';
import type { MessageSource, Transport } from '../transport/transport.ts';
import { Dialog, DialogState, dialogKey, type StoredDialog } from './dialog.ts';
import { IncomingInvite } from './incoming-invite.ts';
import { IncomingRequestHandle } from './incoming-request.ts';
import { OutgoingInvite, type OutgoingInviteHandlers } from './outgoing-invite.ts';
import { destinationFor } from './route.ts';

export type DialogEndReason = 'bye-received' | 'bye-sent' | 'ack-timeout' | 'closed';

export interface UserAgentOptions {
  /** Transports to use; the UserAgent owns them and closes them on close(). */
  readonly transports: readonly Transport[];
  readonly clock?: Clock;
  readonly timers?: Partial<TimerSettings>;
  /** Host for Via sent-by and Contact (default: each transport's bound address). */
  readonly host?: string;
  /** User part of our Contact URI (default "vaxel"). */
  readonly contactUser?: string;
  /** Value of User-Agent in requests we send. */
  readonly userAgent?: string;
  /** Methods we implement (default INVITE, ACK, CANCEL, BYE, OPTIONS, INFO); others get 405 or 501. */
  readonly allowedMethods?: readonly string[];
  readonly supportedExtensions?: readonly string[];
  readonly acceptedContentTypes?: readonly string[];
  /** A new INVITE outside any dialog. Without a handler INVITEs are rejected with 480. */
  readonly onInvite?: (invite: IncomingInvite) => void;
  /** A re-INVITE within a dialog. Without a handler it is rejected with 488. */
  readonly onReinvite?: (dialog: Dialog, invite: IncomingInvite) => void;
  /** A non-INVITE request outside any dialog (REGISTER, MESSAGE, OPTIONS ...). Default: OPTIONS 200, others 405. */
  readonly onRequest?: (request: IncomingRequestHandle) => void;
  /** A non-INVITE request within a dialog other than BYE (INFO, OPTIONS, UPDATE ...). Default 200. */
  readonly onDialogRequest?: (dialog: Dialog, request: IncomingRequestHandle) => void;
  readonly onDialogTerminated?: (dialog: Dialog, reason: DialogEndReason) => void;
  /**
   * Send requests within a dialog over the flow it was set up on (the source of the INVITE we
   * answered, or the destination of the INVITE we sent when there is no route set) rather than to
   * the peer's Contact. For phones behind NAT; off by default (plain RFC 3261 §12.2.1.1).
   */
  readonly natFlows?: boolean;
  /** Answer a new request without a server transaction, or drop it (see TransactionLayerOptions.screen). */
  readonly screen?: TransactionLayerOptions['screen'];
  /** Bound on one source's concurrent server transactions (see TransactionLayerOptions.maxServerTransactions). */
  readonly maxServerTransactions?: TransactionLayerOptions['maxServerTransactions'];
  /** Told of every message received and sent, and of retransmissions (see TransactionLayerOptions.observer). */
  readonly observer?: TransactionLayerOptions['observer'];
}

export interface RequestOptions {
  /** Request-URI. */
  readonly uri: Uri | string;
  /** From (a tag is added when missing). */
  readonly from: NameAddr | string;
  /** To (default: the Request-URI). */
  readonly to?: NameAddr | string;
  readonly headers?: Iterable<readonly [string, string]>;
  readonly body?: Buffer | string;
  /** Where to send (default: from the Request-URI, or the first Route). */
  readonly destination?: Destination;
  readonly callId?: string;
  readonly cseq?: number;
  /** Answer one 401/407 challenge with these (RFC 3261 §22.2). */
  readonly credentials?: DigestCredentials;
}

export interface UserAgentStats {
  readonly transactions: number;
  readonly dialogs: number;
  readonly connections: number;
}

const DEFAULT_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO'];

export class UserAgent {
  readonly #options: UserAgentOptions;
  readonly #clock: Clock;
  readonly #timers;
  readonly #layer: TransactionLayer;
  readonly #allowed: readonly string[];
  readonly #dialogs = new Map<string, Dialog>();
  /** The ACK last sent per dialog and INVITE CSeq, re-sent for retransmitted 2xx (§13.2.2.4). */
  readonly #acks = new Map<string, { seq: number; ack: SipRequest }>();
  readonly #incomingInvites = new Set<IncomingInvite>();
  readonly #outgoingInvites = new Set<OutgoingInvite>();
  readonly #pendingReinvites = new Set<string>();
  #closed = false;

  constructor(options: UserAgentOptions) {
    this.#options = options;
    this.#clock = options.clock ?? new SystemClock();
    this.#timers = timerValues({ ...DEFAULT_TIMERS, ...options.timers });
    this.#allowed = options.allowedMethods ?? DEFAULT_METHODS;
    this.#layer = new TransactionLayer({
      transports: options.transports,
      clock: this.#clock,
      ...(options.timers !== undefined && { timers: options.timers }),
      ...(options.host !== undefined && { viaHost: options.host }),
      policy: {
        role: 'endpoint',
        allowedMethods: this.#allowed,
        supportedExtensions: options.supportedExtensions ?? [],
        acceptedContentTypes: options.acceptedContentTypes ?? [
          'application/sdp',
          'text/plain',
          'application/dtmf-relay',
          'application/dtmf',
        ],
        producedContentTypes: ['application/sdp', 'text/plain'],
      },
      ...(options.screen !== undefined && { screen: options.screen }),
      ...(options.maxServerTransactions !== undefined && { maxServerTransactions: options.maxServerTransactions }),
      ...(options.observer !== undefined && { observer: options.observer }),
      onRequest: (incoming) => this.#receiveRequest(incoming),
      onStrayResponse: (response) => this.#receiveStrayResponse(response),
    });
  }

  /** Starts every transport listening. */
  async listen(): Promise<void> {
    await Promise.all(this.#options.transports.map((transport) => transport.listen()));
  }

  stats(): UserAgentStats {
    return {
      transactions: this.#layer.transactionCount,
      dialogs: this.#dialogs.size,
      connections: this.#options.transports.reduce((sum, transport) => sum + transport.connectionCount, 0),
    };
  }

  /** Server transactions open now, and responses sent without one so far (screened requests, 503s of the bound). */
  edgeStats(): { serverTransactions: number; statelessResponses: number } {
    return {
      serverTransactions: this.#layer.serverTransactionCount,
      statelessResponses: this.#layer.statelessResponses,
    };
  }

  dialogs(): Dialog[] {
    return [...this.#dialogs.values()];
  }

  /** Our Contact for requests and responses that go over this destination's transport. */
  contactFor(destination: Pick<Destination, 'protocol' | 'address'>): string {
    const transport = this.#layer.transportFor({ ...destination, port: 0 });
    const host = formatHost(this.#options.host ?? transport.local.address);
    const params = transport.protocol === 'TCP' ? ';transport=tcp' : '';
    return `<sip:${this.#options.contactUser ?? 'vaxel'}@${host}:${transport.local.port}${params}>`;
  }

  /** Sends an INVITE outside any dialog. */
  invite(options: RequestOptions, handlers: OutgoingInviteHandlers = {}): OutgoingInvite {
    this.#requireOpen();
    const { request, destination } = this.#buildRequest('INVITE', options);
    const invite = new OutgoingInvite(request, destination, this.#outgoingHost(destination), handlers);
    this.#outgoingInvites.add(invite);
    this.#sendInvite(invite, request, destination, options.credentials, false);
    return invite;
  }

  /** Sends a non-INVITE request outside any dialog; resolves with the final response (408/503 synthesised on timeout/transport error). */
  request(method: string, options: RequestOptions): Promise<SipResponse> {
    this.#requireOpen();
    if (method === 'INVITE' || method === 'ACK' || method === 'CANCEL')
      throw new InvalidStateError(`Use invite() or the OutgoingInvite for ${method}`);
    const { request, destination } = this.#buildRequest(method, options);
    return this.#sendWithAuth(request, destination, options.credentials);
  }

  /** Sends a non-INVITE request within a dialog (BYE, INFO, OPTIONS, UPDATE ...). BYE ends the dialog at once (§15.1.1). */
  requestInDialog(
    dialog: Dialog,
    method: string,
    options: { headers?: Iterable<readonly [string, string]>; body?: Buffer | string } = {},
  ): Promise<SipResponse> {
    this.#requireOpen();
    if (method === 'INVITE') return this.reinvite(dialog, options);
    const request = dialog.createRequest(method, options);
    this.#addUserAgent(request);
    const destination = dialog.destination;
    // §15.1.1: "the caller's UA MUST NOT send a BYE on a confirmed dialog until it has received an
    // ACK for its 2xx"... and "the UAC MUST consider the session terminated ... as soon as the BYE is sent".
    if (method === 'BYE') this.#endDialog(dialog, 'bye-sent');
    return this.#send(request, destination);
  }

  bye(dialog: Dialog): Promise<SipResponse> {
    return this.requestInDialog(dialog, 'BYE');
  }

  /**
   * Sends BYE in a dialog a previous run of this UA left behind ({@link Dialog.toStored}), so the
   * peer's session ends (§15) though this process never knew the dialog; it is not kept.
   */
  byeStored(stored: StoredDialog): Promise<SipResponse> {
    return this.bye(Dialog.fromStored(stored));
  }

  /**
   * Sends a re-INVITE (§14.1); a 2xx refreshes the remote target and is ACKed. "A UAC MUST NOT
   * initiate a new INVITE transaction within a dialog while another INVITE transaction is in
   * progress in either direction": this rejects with InvalidStateError instead.
   */
  async reinvite(
    dialog: Dialog,
    options: { headers?: Iterable<readonly [string, string]>; body?: Buffer | string } = {},
  ): Promise<SipResponse> {
    this.#requireOpen();
    if (this.#pendingReinvites.has(dialog.key))
      throw new InvalidStateError('An INVITE transaction is already in progress in this dialog');
    const request = dialog.createRequest('INVITE', options);
    this.#addUserAgent(request);
    this.#pendingReinvites.add(dialog.key);
    try {
      const response = await new Promise<SipResponse>((resolve) => {
        let settled = false;
        const settle = (response: SipResponse) => {
          if (response.status >= 200 && response.status < 300 && dialog.state !== DialogState.Terminated)
            this.#ack2xx(dialog, request, response);
          if (!settled && response.status >= 200) {
            settled = true;
            resolve(response);
          }
        };
        this.#layer.sendRequest(request, dialog.destination, {
          onResponse: settle,
          onTimeout: () => settle(createResponse(request, 408)),
          onTransportError: () => settle(createResponse(request, 503)),
        });
      });
      if (response.status >= 200 && response.status < 300) dialog.refreshRemoteTarget(response);
      return response;
    } finally {
      this.#pendingReinvites.delete(dialog.key);
    }
  }

  /** Tears everything down without sending anything; safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const invite of this.#incomingInvites) invite.dispose();
    for (const invite of this.#outgoingInvites) invite.dispose();
    this.#incomingInvites.clear();
    this.#outgoingInvites.clear();
    for (const dialog of [...this.#dialogs.values()]) this.#endDialog(dialog, 'closed');
    this.#acks.clear();
    this.#layer.close();
    await Promise.all(this.#options.transports.map((transport) => transport.close()));
  }

  #requireOpen(): void {
    if (this.#closed) throw new InvalidStateError('UserAgent is closed');
  }

  #buildRequest(method: string, options: RequestOptions): { request: SipRequest; destination: Destination } {
    const uri = typeof options.uri === 'string' ? parseUri(options.uri) : options.uri;
    const fromValue = typeof options.from === 'string' ? parseNameAddr(options.from, 'From') : options.from;
    const from = fromValue.params.has('tag') ? fromValue : withParam(fromValue, 'tag', randomToken());
    const to =
      options.to === undefined
        ? { uri, params: new Map() }
        : typeof options.to === 'string'
          ? parseNameAddr(options.to, 'To')
          : options.to;
    const headers = new Headers([
      ['Max-Forwards', '70'],
      ['From', formatNameAddr(from)],
      ['To', formatNameAddr(to)],
      ['Call-ID', options.callId ?? `${randomToken(12)}`],
      // §8.1.1.5: the initial CSeq "MUST be less than 2**31".
      ['CSeq', `${options.cseq ?? 1 + Math.floor(Math.random() * 10_000)} ${method}`],
    ]);
    for (const [name, value] of options.headers ?? []) headers.append(name, value);
    const firstRoute = headers.get('Route');
    const destination =
      options.destination ?? destinationFor(firstRoute !== undefined ? parseNameAddr(firstRoute, 'Route').uri : uri);
    // §8.1.1.8: "The Contact header field MUST be present and contain exactly one SIP or SIPS URI in any request that can result in the establishment of a dialog."
    if (method === 'INVITE' && !headers.has('Contact')) headers.append('Contact', this.contactFor(destination));
    const request = createRequest({ method, uri, headers, ...(options.body !== undefined && { body: options.body }) });
    this.#addUserAgent(request);
    return { request, destination };
  }

  #addUserAgent(request: SipRequest): void {
    if (this.#options.userAgent !== undefined && !request.headers.has('User-Agent'))
      request.headers.append('User-Agent', this.#options.userAgent);
  }

  /** The same request again with a higher CSeq, no Via, and credentials answering `challenge` (§22.2). */
  #authorised(request: SipRequest, challenge: SipResponse, credentials: DigestCredentials): SipRequest | undefined {
    const proxy = challenge.status === 407;
    const picked = pickDigestChallenge(challenge.headers.getAll(proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate'));
    if (picked === undefined) return undefined;
    const headers = request.headers.clone();
    headers.delete('Via');
    headers.delete(proxy ? 'Proxy-Authorization' : 'Authorization');
    const cseq = getCSeq(request);
    // §22.2: "the request ... MUST have its CSeq incremented"; From tag and Call-ID stay.
    headers.set('CSeq', `${cseq.seq + 1} ${request.method}`);
    headers.append(
      proxy ? 'Proxy-Authorization' : 'Authorization',
      buildAuthorization({ challenge: picked, credentials, method: request.method, uri: formatUri(request.uri) }),
    );
    return createRequest({ method: request.method, uri: request.uri, headers, body: request.body });
  }

  async #sendWithAuth(
    request: SipRequest,
    destination: Destination,
    credentials: DigestCredentials | undefined,
  ): Promise<SipResponse> {
    const response = await this.#send(request, destination);
    if ((response.status === 401 || response.status === 407) && credentials !== undefined && !this.#closed) {
      const retry = this.#authorised(request, response, credentials);
      if (retry !== undefined) return this.#send(retry, destination);
    }
    return response;
  }

  #send(request: SipRequest, destination: Destination): Promise<SipResponse> {
    return new Promise((resolve) => {
      try {
        this.#layer.sendRequest(request, destination, {
          onResponse: (response) => {
            if (response.status >= 200) resolve(response);
          },
          onTimeout: () => resolve(createResponse(request, 408)),
          onTransportError: () => resolve(createResponse(request, 503)),
        });
      } catch (error) {
        if (error instanceof InvalidStateError) throw error;
        resolve(createResponse(request, 503, { reason: `Service Unavailable (${(error as Error).message})` }));
      }
    });
  }

  #sendInvite(
    invite: OutgoingInvite,
    request: SipRequest,
    destination: Destination,
    credentials: DigestCredentials | undefined,
    retried: boolean,
  ): void {
    const transaction = this.#layer.sendRequest(request, destination, {
      onResponse: (response) => {
        if (
          (response.status === 401 || response.status === 407) &&
          credentials !== undefined &&
          !retried &&
          !this.#closed
        ) {
          const retry = this.#authorised(request, response, credentials);
          if (retry !== undefined) {
            this.#sendInvite(invite, retry, destination, credentials, true);
            return;
          }
        }
        invite.receiveResponse(response);
      },
      onTimeout: () => invite.failWith(408),
      onTransportError: () => invite.failWith(503),
    });
    invite.attach(transaction);
  }

  #outgoingHost(destination: Destination) {
    return {
      contact: this.contactFor(destination),
      cancelTimeoutMs: this.#timers.B,
      clock: this.#clock,
      sendCancel: (cancel: SipRequest, to: Destination) => void this.#send(cancel, to),
      addDialog: (dialog: Dialog) => {
        if (this.#options.natFlows && dialog.routeSet.length === 0) dialog.flow = destination;
        this.#dialogs.set(dialog.key, dialog);
      },
      dropDialog: (dialog: Dialog) => {
        dialog.terminate();
        if (this.#dialogs.get(dialog.key) === dialog) this.#dialogs.delete(dialog.key);
      },
      sendAck: (dialog: Dialog, invite: SipRequest) => this.#ack2xx(dialog, invite),
      hangUpFork: (dialog: Dialog) => this.#hangUp(dialog, 'bye-sent'),
      finished: (invite: OutgoingInvite) => this.#outgoingInvites.delete(invite),
    };
  }

  /** §13.2.2.4: the ACK for a 2xx, built in the dialog, with the INVITE's CSeq number and credentials; re-sent for retransmissions. */
  #ack2xx(dialog: Dialog, invite: SipRequest, _response?: SipResponse): void {
    const seq = getCSeq(invite).seq;
    const previous = this.#acks.get(dialog.key);
    let ack = previous?.seq === seq ? previous.ack : undefined;
    if (ack === undefined) {
      const credentials: Array<[string, string]> = [];
      for (const name of ['Authorization', 'Proxy-Authorization'])
        for (const value of invite.headers.getAll(name)) credentials.push([name, value]);
      ack = dialog.createRequest('ACK', { cseq: seq, headers: credentials });
      this.#acks.set(dialog.key, { seq, ack });
    }
    this.#layer.sendStateless(ack, dialog.destination).catch(() => undefined);
  }

  #receiveStrayResponse(response: SipResponse): void {
    // A 2xx retransmission after the INVITE transaction ended (Timer M): re-send the ACK.
    if (response.status < 200 || response.status >= 300 || getCSeq(response).method !== 'INVITE') return;
    const key = dialogKey({
      callId: response.headers.get('Call-ID') ?? '',
      localTag: getFrom(response).params.get('tag') ?? '',
      remoteTag: getTo(response).params.get('tag') ?? '',
    });
    const sent = this.#acks.get(key);
    const dialog = this.#dialogs.get(key);
    if (sent !== undefined && dialog !== undefined && sent.seq === getCSeq(response).seq)
      this.#layer.sendStateless(sent.ack, dialog.destination).catch(() => undefined);
  }

  /** Sends BYE without waiting for its response and ends the dialog. */
  #hangUp(dialog: Dialog, reason: DialogEndReason): void {
    if (this.#closed || dialog.state === DialogState.Terminated) return;
    const bye = dialog.createRequest('BYE');
    this.#addUserAgent(bye);
    const destination = dialog.destination;
    this.#endDialog(dialog, reason);
    void this.#send(bye, destination);
  }

  #endDialog(dialog: Dialog, reason: DialogEndReason): void {
    if (this.#dialogs.get(dialog.key) === dialog) this.#dialogs.delete(dialog.key);
    this.#acks.delete(dialog.key);
    // An INVITE of this dialog still waiting for its ACK has nothing left to wait for.
    for (const invite of this.#incomingInvites) {
      if (invite.dialog === dialog && invite.state !== 'Pending') {
        invite.dispose();
        this.#incomingInvites.delete(invite);
      }
    }
    if (dialog.state === DialogState.Terminated) return;
    dialog.terminate();
    this.#options.onDialogTerminated?.(dialog, reason);
  }

  #findDialog(request: SipRequest): Dialog | undefined {
    return this.#dialogs.get(
      dialogKey({
        callId: request.headers.get('Call-ID') ?? '',
        localTag: getTo(request).params.get('tag') ?? '',
        remoteTag: getFrom(request).params.get('tag') ?? '',
      }),
    );
  }

  #receiveRequest({ request, source, transaction }: IncomingRequest): void {
    if (this.#closed) return;
    const toTag = getTo(request).params.get('tag') ?? undefined;
    const dialog = toTag === undefined ? undefined : this.#findDialog(request);
    if (request.method === 'ACK') {
      if (dialog === undefined) return;
      for (const invite of this.#incomingInvites) if (invite.dialog === dialog && invite.acknowledge(request)) return;
      return;
    }
    if (transaction === undefined) return;
    if (request.method === 'CANCEL') {
      const inviteTransaction = this.#layer.findInviteServerTransaction(request);
      const invite = [...this.#incomingInvites].find((candidate) => candidate.request === inviteTransaction?.request);
      // §9.2: "If the UAS did not find a matching transaction for the CANCEL ..., it SHOULD respond to the CANCEL with a 481".
      transaction.respond(createResponse(request, invite === undefined ? 481 : 200, { toTag: toTag ?? randomToken() }));
      invite?.cancel();
      return;
    }
    if (toTag !== undefined && dialog === undefined) {
      // §12.2.2: "If the UAS wishes to reject the request because it does not wish to recreate the
      // dialog, it MUST respond to the request with a 481 (Call/Transaction Does Not Exist)".
      transaction.respond(createResponse(request, 481));
      return;
    }
    if (dialog !== undefined) {
      this.#receiveInDialog(dialog, request, source, transaction);
      return;
    }
    if (request.method === 'INVITE') {
      const invite = this.#incomingInvite(request, source, transaction, undefined);
      if (this.#options.onInvite === undefined) invite.reject(480);
      else this.#options.onInvite(invite);
      return;
    }
    const handle = new IncomingRequestHandle(request, source, transaction, randomToken());
    if (this.#options.onRequest !== undefined) this.#options.onRequest(handle);
    else if (request.method === 'OPTIONS')
      handle.respond(200, {
        headers: [
          ['Allow', this.#allowed.join(', ')],
          ['Accept', 'application/sdp'],
        ],
      });
    else handle.respond(405, { headers: [['Allow', this.#allowed.join(', ')]] });
  }

  #receiveInDialog(
    dialog: Dialog,
    request: SipRequest,
    source: MessageSource,
    transaction: NonNullable<IncomingRequest['transaction']>,
  ): void {
    if (!dialog.acceptRemoteSequence(request)) {
      transaction.respond(createResponse(request, 500, { reason: 'CSeq Out Of Order' }));
      return;
    }
    if (request.method === 'INVITE') {
      // §14.2: "A UAS that receives a second INVITE before it sends the final response to a first
      // INVITE with a lower CSeq sequence number on the same dialog MUST return a 500"; one that
      // receives an INVITE while its own is pending "MUST return a 491 (Request Pending)".
      if ([...this.#incomingInvites].some((invite) => invite.dialog === dialog && invite.state === 'Pending')) {
        transaction.respond(createResponse(request, 500, { headers: [['Retry-After', '3']] }));
        return;
      }
      if (this.#pendingReinvites.has(dialog.key)) {
        transaction.respond(createResponse(request, 491));
        return;
      }
      dialog.refreshRemoteTarget(request);
      const invite = this.#incomingInvite(request, source, transaction, dialog);
      if (this.#options.onReinvite === undefined) invite.reject(488);
      else this.#options.onReinvite(dialog, invite);
      return;
    }
    const handle = new IncomingRequestHandle(request, source, transaction, dialog.id.localTag, dialog);
    if (request.method === 'BYE') {
      // §15.1.2: "the UAS MUST ... generate a 2xx response to the BYE, and terminate the session".
      handle.respond(200);
      for (const invite of this.#incomingInvites) if (invite.dialog === dialog) invite.cancel();
      this.#endDialog(dialog, 'bye-received');
      return;
    }
    if (request.method === 'UPDATE') dialog.refreshRemoteTarget(request);
    if (this.#options.onDialogRequest !== undefined) this.#options.onDialogRequest(dialog, handle);
    else handle.respond(200);
  }

  #incomingInvite(
    request: SipRequest,
    source: MessageSource,
    transaction: NonNullable<IncomingRequest['transaction']>,
    dialog: Dialog | undefined,
  ): IncomingInvite {
    const invite = new IncomingInvite(request, source, transaction, {
      clock: this.#clock,
      timers: this.#timers,
      reliable: source.protocol === 'TCP',
      localTag: dialog?.id.localTag ?? randomToken(),
      contact: this.contactFor({ protocol: source.protocol, address: source.address }),
      dialog,
      addDialog: (created) => {
        if (this.#options.natFlows)
          created.flow = { protocol: source.protocol, address: source.address, port: source.port };
        this.#dialogs.set(created.key, created);
      },
      ackTimedOut: (confirmed) => this.#hangUp(confirmed, 'ack-timeout'),
      dropDialog: (early) => {
        early.terminate();
        if (this.#dialogs.get(early.key) === early) this.#dialogs.delete(early.key);
      },
      finished: (done) => this.#incomingInvites.delete(done),
    });
    this.#incomingInvites.add(invite);
    return invite;
  }
}
