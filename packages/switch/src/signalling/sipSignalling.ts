import { randomBytes } from 'node:crypto';
import {
  buildAuthorization,
  createRequest,
  createResponse,
  formatNameAddr,
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getTo,
  parseUri,
  pickDigestChallenge,
  tagOf,
  topVia,
  withParam,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '@vaxel/sip';
import type { SwitchLogger } from '../call/callContext.ts';
import type { SipSource } from '../registrar/registrar.ts';
import { ClientTransaction, clientTransactionKey } from './clientTransaction.ts';
import { ServerTransaction, serverTransactionKey } from './serverTransaction.ts';
import { dialogId, newBranch, newTag, SipDialog, type DialogCore } from './sipDialog.ts';
import type { ClientInvite, IncomingHandlers, InviteHandlers, OutgoingInvite, ServerInvite, SignallingPort } from './signallingPort.ts';
import { defaultSipTimers, type SipTimers } from './sipTimers.ts';
import { UdpChannel } from './udpChannel.ts';

export type { SipTimers } from './sipTimers.ts';

export interface SipSignallingOptions {
  bindAddress: string;
  port: number;
  advertisedAddress: string;
  transports: Array<'udp' | 'tcp'>;
  logger: SwitchLogger;
  timers?: Partial<SipTimers>;
}

const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, REGISTER';

/**
 * The SIP user agent core the switch runs on (RFC 3261 §8, §12–§17), over UDP.
 *
 * This is the switch's own minimal UA core, written while @vaxel/sip's transaction and dialog
 * layers were not yet available; it uses that package's parser, serializer, message helpers and
 * digest code, and implements {@link SignallingPort} so it can be replaced by @vaxel/sip's UA core
 * without touching the call logic. TCP is not served by it (see the package README).
 */
export class SipSignalling implements SignallingPort, DialogCore {
  readonly timers: SipTimers;
  readonly #options: SipSignallingOptions;
  readonly #udp: UdpChannel;
  readonly #server = new Map<string, ServerTransaction>();
  readonly #client = new Map<string, ClientTransaction>();
  readonly #dialogs = new Map<string, SipDialog>();
  readonly #invites = new Map<string, SipServerInvite>();
  readonly #legs = new Set<SipClientInvite>();
  #handlers: IncomingHandlers | null = null;
  #stopped = false;

  constructor(options: SipSignallingOptions) {
    this.#options = options;
    this.timers = { ...defaultSipTimers, ...options.timers };
    this.#udp = new UdpChannel({ host: options.bindAddress, port: options.port, onError: (error) => options.logger.debug('sip socket error', { error: String(error) }) });
  }

  get port(): number {
    return this.#udp.port || this.#options.port;
  }

  get contact(): string {
    return `<sip:vaxel@${hostPart(this.#options.advertisedAddress)}:${this.port}>`;
  }

  via(branch: string): string {
    return `SIP/2.0/UDP ${hostPart(this.#options.advertisedAddress)}:${this.port};branch=${branch};rport`;
  }

  async start(handlers: IncomingHandlers): Promise<void> {
    this.#handlers = handlers;
    this.#udp.onMessage((message, source) => this.#receive(message, source));
    await this.#udp.listen();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    for (const leg of this.#legs) leg.abandon();
    for (const tx of [...this.#server.values(), ...this.#client.values()]) tx.terminate();
    for (const dialog of [...this.#dialogs.values()]) dialog.end();
    await this.#udp.close();
  }

  stats(): { transactions: number; dialogs: number; sockets: number } {
    return { transactions: this.#server.size + this.#client.size, dialogs: this.#dialogs.size, sockets: this.#udp.open ? 1 : 0 };
  }

  send(message: SipRequest | SipResponse, target: SipSource): void {
    this.#udp.send(message, target);
  }

  forget(dialog: SipDialog): void {
    this.#dialogs.delete(dialog.id);
  }

  register(dialog: SipDialog): void {
    this.#dialogs.set(dialog.id, dialog);
  }

  /** Runs a client transaction; resolves with the final response or null on timeout. */
  request(request: SipRequest, target: SipSource, onProvisional?: (response: SipResponse) => void): Promise<SipResponse | null> {
    return new Promise((resolve) => {
      this.startClientTransaction(request, target, {
        onResponse: (response) => {
          if (response.status < 200) onProvisional?.(response);
          else resolve(response);
        },
        onTimeout: () => resolve(null),
      });
    });
  }

  startClientTransaction(request: SipRequest, target: SipSource, handlers: { onResponse(r: SipResponse): void; onTimeout(): void }): ClientTransaction {
    const branch = topVia(request).params.get('branch')!;
    const key = clientTransactionKey(branch, request.method);
    const tx = new ClientTransaction({
      request,
      send: (message) => this.send(message, target),
      timers: this.timers,
      onResponse: handlers.onResponse,
      onTimeout: handlers.onTimeout,
      onTerminated: () => this.#client.delete(key),
    });
    if (this.#stopped) {
      queueMicrotask(handlers.onTimeout);
      return tx;
    }
    this.#client.set(key, tx);
    tx.start();
    return tx;
  }

  invite(request: OutgoingInvite, handlers: InviteHandlers): ClientInvite {
    const leg = new SipClientInvite(this, request, handlers, () => this.#legs.delete(leg));
    this.#legs.add(leg);
    leg.start();
    return leg;
  }

  #receive(message: SipMessage, source: SipSource): void {
    if (message.kind === 'response') {
      this.#receiveResponse(message);
      return;
    }
    try {
      // Headers every transaction relies on; a request without them is answered 400.
      getCallId(message);
      getCSeq(message);
      getFrom(message);
      getTo(message);
      topVia(message);
    } catch (error) {
      if (message.method !== 'ACK' && message.headers.get('Via')) {
        this.send(createResponse(message, 400, { headers: [['Warning', `399 vaxel "${String(error).replace(/["\\]/g, '').slice(0, 100)}"`]] }), source);
      }
      return;
    }
    this.#receiveRequest(message, source);
  }

  #receiveResponse(response: SipResponse): void {
    let branch: string | undefined;
    let method: string;
    try {
      branch = topVia(response).params.get('branch') ?? undefined;
      method = getCSeq(response).method;
    } catch {
      return;
    }
    const tx = branch ? this.#client.get(clientTransactionKey(branch, method)) : undefined;
    if (tx) {
      tx.receive(response);
      return;
    }
    // A 2xx retransmitted after the INVITE transaction ended: ACK it again from the dialog (§13.2.2.4).
    if (method === 'INVITE' && response.status >= 200 && response.status < 300) {
      const fromTag = tagOf(getFrom(response));
      const toTag = tagOf(getTo(response));
      const dialog = fromTag && toTag ? this.#dialogs.get(dialogId(getCallId(response), fromTag, toTag)) : undefined;
      if (dialog?.lastAck) this.send(dialog.lastAck, dialog.flow);
    }
  }

  #receiveRequest(request: SipRequest, source: SipSource): void {
    const method = request.method;
    if (method === 'ACK') {
      const key = serverTransactionKey(request, 'ACK');
      const tx = key ? this.#server.get(key) : undefined;
      if (tx && tx.answered && !tx.isInvite) return;
      if (tx && tx.state === 'Completed') {
        tx.acknowledged();
        return;
      }
      this.#dialogFor(request)?.receiveAck();
      return;
    }
    if (method === 'CANCEL') {
      this.#receiveCancel(request, source);
      return;
    }
    const key = serverTransactionKey(request);
    if (!key) {
      this.send(createResponse(request, 400, { headers: [['Warning', '399 vaxel "Via without branch"']] }), source);
      return;
    }
    const existing = this.#server.get(key);
    if (existing) {
      existing.retransmitted();
      return;
    }
    if (this.#stopped) return;
    const tx = new ServerTransaction({
      request,
      send: (response) => this.send(response, responseTarget(request, source)),
      timers: this.timers,
      onTerminated: () => {
        this.#server.delete(key);
        this.#invites.delete(key);
      },
    });
    this.#server.set(key, tx);
    const toTag = tagOf(getTo(request));
    if (toTag !== undefined) {
      this.#receiveInDialog(request, tx);
      return;
    }
    switch (method) {
      case 'REGISTER':
        void this.#handlers!.register(request, source)
          .then((response) => tx.respond(response))
          .catch((error: unknown) => {
            this.#options.logger.error('registrar failed', { error: String(error) });
            tx.respond(createResponse(request, 500, { toTag: newTag() }));
          });
        return;
      case 'INVITE': {
        const invite = new SipServerInvite(this, request, source, tx);
        this.#invites.set(key, invite);
        tx.respond(createResponse(request, 100));
        this.#handlers!.invite(invite);
        return;
      }
      case 'OPTIONS':
        tx.respond(createResponse(request, 200, { toTag: newTag(), headers: [['Allow', ALLOW], ['Accept', 'application/sdp']] }));
        return;
      case 'BYE':
        tx.respond(createResponse(request, 481));
        return;
      default:
        tx.respond(createResponse(request, 405, { toTag: newTag(), headers: [['Allow', ALLOW]] }));
    }
  }

  #receiveInDialog(request: SipRequest, tx: ServerTransaction): void {
    const dialog = this.#dialogFor(request);
    if (!dialog) {
      // §12.2.2: "If the UAS ... does not match any existing dialogs, the UAS core SHOULD generate a 481".
      tx.respond(createResponse(request, 481));
      return;
    }
    switch (request.method) {
      case 'BYE':
        tx.respond(createResponse(request, 200));
        dialog.receiveBye();
        return;
      case 'INVITE': {
        tx.respond(createResponse(request, 100));
        const sdp = request.body.length > 0 ? request.body.toString('utf8') : null;
        void dialog
          .receiveReinvite(sdp)
          .catch(() => null)
          .then((answer) => {
            if (answer === null) {
              tx.respond(createResponse(request, 488));
              return;
            }
            const ok = createResponse(request, 200, { headers: [['Contact', this.contact], ['Content-Type', 'application/sdp']], body: answer });
            tx.respond(ok);
            void dialog.retransmitUntilAck(ok);
          });
        return;
      }
      case 'INFO':
      case 'OPTIONS':
      case 'NOTIFY':
        tx.respond(createResponse(request, 200));
        return;
      default:
        tx.respond(createResponse(request, 501));
    }
  }

  /** §9.2: CANCEL matches the INVITE transaction with the same branch. */
  #receiveCancel(request: SipRequest, source: SipSource): void {
    const inviteKey = serverTransactionKey(request, 'INVITE');
    const invite = inviteKey ? this.#invites.get(inviteKey) : undefined;
    if (!invite) {
      this.send(createResponse(request, 481), responseTarget(request, source));
      return;
    }
    // "the CANCEL request ... is answered with a 200 (OK) response" by its own transaction.
    this.send(createResponse(request, 200, { toTag: invite.toTag }), responseTarget(request, source));
    invite.cancelled();
  }

  #dialogFor(request: SipRequest): SipDialog | undefined {
    const toTag = tagOf(getTo(request));
    const fromTag = tagOf(getFrom(request));
    if (!toTag || !fromTag) return undefined;
    return this.#dialogs.get(dialogId(getCallId(request), toTag, fromTag));
  }
}

/** §18.2.2 with RFC 3581: the response goes to `received`/`rport` of the top Via, else the source. */
function responseTarget(request: SipRequest, source: SipSource): SipSource {
  try {
    const via = topVia(request);
    const rport = via.params.get('rport');
    const received = via.params.get('received');
    return {
      transport: source.transport,
      address: received ?? source.address,
      port: rport ? Number(rport) : source.port,
    };
  } catch {
    return source;
  }
}

function hostPart(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** The caller's INVITE as a {@link ServerInvite}. */
class SipServerInvite implements ServerInvite {
  readonly toTag = newTag();
  #cancelHandler: () => void = () => {};
  #cancelled = false;

  constructor(
    readonly core: SipSignalling,
    readonly request: SipRequest,
    readonly source: SipSource,
    readonly tx: ServerTransaction,
  ) {}

  provisional(status: 180 | 183, sdp?: string): void {
    if (this.tx.answered) return;
    const headers: Array<[string, string]> = [['Contact', this.core.contact]];
    if (sdp) headers.push(['Content-Type', 'application/sdp']);
    this.tx.respond(createResponse(this.request, status, { toTag: this.toTag, headers, ...(sdp ? { body: sdp } : {}) }));
  }

  async accept(sdp: string): Promise<SipDialog> {
    if (this.tx.answered || this.#cancelled) throw new Error('the INVITE was already answered or cancelled');
    const request = this.request;
    const from = getFrom(request);
    const contacts = getContacts(request);
    if (contacts === '*' || contacts.length === 0) throw new Error('the INVITE has no Contact');
    const dialog = new SipDialog(this.core, {
      callId: getCallId(request),
      localTag: this.toTag,
      remoteTag: tagOf(from) ?? '',
      localParty: formatNameAddr(withParam(getTo(request), 'tag', this.toTag)),
      remoteParty: request.headers.get('From')!,
      remoteTarget: contacts[0]!.uri,
      // §12.1.1: the UAS's route set is the Record-Route list in order.
      routeSet: request.headers.getAll('Record-Route'),
      localSeq: Math.floor(Math.random() * 10000) + 1,
      flow: this.source,
    });
    this.core.register(dialog);
    const ok = createResponse(request, 200, {
      toTag: this.toTag,
      headers: [['Contact', this.core.contact], ['Content-Type', 'application/sdp'], ['Allow', ALLOW]],
      body: sdp,
    });
    this.tx.respond(ok);
    const acked = await dialog.retransmitUntilAck(ok);
    if (!acked) {
      if (!dialog.terminated) void dialog.bye('no ACK');
      throw new Error('no ACK for the 2xx within 64*T1');
    }
    return dialog;
  }

  reject(status: number, reason?: string, warning?: string | null, headers: Array<[string, string]> = []): void {
    if (this.tx.answered) return;
    const all: Array<[string, string]> = [...headers];
    if (warning) all.push(['Warning', `399 vaxel "${warning.replace(/["\\]/g, '')}"`]);
    this.tx.respond(createResponse(this.request, status, { toTag: this.toTag, headers: all, ...(reason ? { reason } : {}) }));
  }

  onCancel(handler: () => void): void {
    this.#cancelHandler = handler;
    if (this.#cancelled) handler();
  }

  /** §9.2: "the UAS SHOULD then respond to the INVITE with a 487 (Request Terminated)". */
  cancelled(): void {
    if (this.tx.answered || this.#cancelled) return;
    this.#cancelled = true;
    this.tx.respond(createResponse(this.request, 487, { toTag: this.toTag }));
    this.#cancelHandler();
  }
}

/** One outgoing INVITE leg, with CANCEL (§9.1) and digest answers to 401/407 (§22.2). */
class SipClientInvite implements ClientInvite {
  readonly #core: SipSignalling;
  readonly #spec: OutgoingInvite;
  readonly #handlers: InviteHandlers;
  readonly #done: () => void;
  readonly #callId = `${randomBytes(12).toString('hex')}`;
  readonly #fromTag = newTag();
  #cseq = 1;
  #request: SipRequest | null = null;
  #tx: ClientTransaction | null = null;
  #provisional = false;
  #final = false;
  #cancelWanted = false;
  #cancelSent = false;
  #authTried = false;
  #dialog: SipDialog | null = null;
  #cancelTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(core: SipSignalling, spec: OutgoingInvite, handlers: InviteHandlers, done: () => void) {
    this.#core = core;
    this.#spec = spec;
    this.#handlers = handlers;
    this.#done = done;
  }

  start(authorization?: [string, string]): void {
    const spec = this.#spec;
    const headers: Array<[string, string]> = [
      ['Via', this.#core.via(newBranch())],
      ['Max-Forwards', '70'],
      ['From', `${spec.from};tag=${this.#fromTag}`],
      ['To', spec.to],
      ['Call-ID', this.#callId],
      ['CSeq', `${this.#cseq} INVITE`],
      ['Contact', this.#core.contact],
      ['Allow', ALLOW],
      ['Content-Type', 'application/sdp'],
      ...(spec.headers ?? []),
    ];
    if (authorization) headers.push(authorization);
    let uri;
    try {
      uri = parseUri(spec.uri);
    } catch {
      queueMicrotask(() => this.#fail(null, 400));
      return;
    }
    this.#request = createRequest({ method: 'INVITE', uri, headers, body: spec.sdp });
    this.#tx = this.#core.startClientTransaction(this.#request, spec.target, {
      onResponse: (response) => this.#onResponse(response),
      onTimeout: () => this.#fail(null, 408),
    });
  }

  cancel(): void {
    if (this.#final || this.#cancelWanted) return;
    this.#cancelWanted = true;
    // §9.1: "If no provisional response has been received, the CANCEL request MUST NOT be sent;
    // rather, the client MUST wait for the arrival of a provisional response before sending".
    if (this.#provisional) this.#sendCancel();
  }

  /** The core is stopping: forget the leg without signalling. */
  abandon(): void {
    clearTimeout(this.#cancelTimer);
    this.#final = true;
    this.#done();
  }

  #sendCancel(): void {
    if (this.#cancelSent || !this.#request) return;
    this.#cancelSent = true;
    const request = this.#request;
    const headers: Array<[string, string]> = [
      ['Via', request.headers.get('Via')!],
      ['Max-Forwards', '70'],
      ['From', request.headers.get('From')!],
      ['To', request.headers.get('To')!],
      ['Call-ID', this.#callId],
      ['CSeq', `${this.#cseq} CANCEL`],
    ];
    for (const route of request.headers.getAll('Route')) headers.push(['Route', route]);
    void this.#core.request(createRequest({ method: 'CANCEL', uri: request.uri, headers }), this.#spec.target);
    // §9.1: with no final response in 64·T1 the INVITE transaction is considered cancelled.
    this.#cancelTimer = setTimeout(() => {
      this.#tx?.terminate();
      this.#fail(null, 487);
    }, 64 * this.#core.timers.t1);
  }

  #onResponse(response: SipResponse): void {
    if (response.status < 200) {
      this.#provisional = true;
      if (this.#cancelWanted) this.#sendCancel();
      if (response.status > 100 && !this.#final) this.#handlers.onProvisional(response);
      return;
    }
    if (response.status < 300) {
      this.#answered(response);
      return;
    }
    const challengeHeader = response.status === 401 ? 'WWW-Authenticate' : response.status === 407 ? 'Proxy-Authenticate' : null;
    if (challengeHeader && this.#spec.credentials && !this.#authTried && !this.#cancelWanted) {
      const challenge = pickDigestChallenge(response.headers.getAll(challengeHeader));
      if (challenge) {
        this.#authTried = true;
        this.#cseq++;
        this.#provisional = false;
        const value = buildAuthorization({ challenge, credentials: this.#spec.credentials, method: 'INVITE', uri: this.#spec.uri });
        this.start([response.status === 401 ? 'Authorization' : 'Proxy-Authorization', value]);
        return;
      }
    }
    this.#fail(response, response.status);
  }

  #answered(response: SipResponse): void {
    const toTag = tagOf(getTo(response));
    if (this.#dialog) {
      // A retransmitted 2xx (same dialog): ACK again. Another dialog (a forking proxy): ACK and BYE.
      if (toTag && this.#dialog.id === dialogId(this.#callId, this.#fromTag, toTag)) {
        if (this.#dialog.lastAck) this.#core.send(this.#dialog.lastAck, this.#spec.target);
      } else {
        this.#extraDialog(response)?.bye('another branch answered first').catch(() => undefined);
      }
      return;
    }
    const dialog = this.#extraDialog(response);
    if (!dialog) {
      this.#fail(response, 502);
      return;
    }
    this.#dialog = dialog;
    this.#final = true;
    clearTimeout(this.#cancelTimer);
    this.#done();
    this.#handlers.onAnswered(response, dialog);
  }

  /** §12.1.2: the UAC's dialog from a 2xx, and the ACK for it (§13.2.2.4). */
  #extraDialog(response: SipResponse): SipDialog | null {
    const toTag = tagOf(getTo(response));
    const contacts = getContacts(response);
    if (!toTag || contacts === '*' || contacts.length === 0) return null;
    const dialog = new SipDialog(this.#core, {
      callId: this.#callId,
      localTag: this.#fromTag,
      remoteTag: toTag,
      localParty: `${this.#spec.from};tag=${this.#fromTag}`,
      remoteParty: response.headers.get('To')!,
      remoteTarget: contacts[0]!.uri,
      routeSet: response.headers.getAll('Record-Route').reverse(),
      localSeq: this.#cseq,
      flow: this.#spec.target,
    });
    this.#core.register(dialog);
    const ack = createRequest({
      method: 'ACK',
      uri: contacts[0]!.uri,
      headers: [
        ['Via', this.#core.via(newBranch())],
        ['Max-Forwards', '70'],
        ['From', `${this.#spec.from};tag=${this.#fromTag}`],
        ['To', response.headers.get('To')!],
        ['Call-ID', this.#callId],
        ['CSeq', `${this.#cseq} ACK`],
        ...response.headers.getAll('Record-Route').reverse().map((r) => ['Route', r] as [string, string]),
      ],
    });
    dialog.lastAck = ack;
    this.#core.send(ack, this.#spec.target);
    return dialog;
  }

  #fail(response: SipResponse | null, status: number): void {
    if (this.#final) return;
    this.#final = true;
    clearTimeout(this.#cancelTimer);
    this.#done();
    this.#handlers.onFailed(response, status);
  }
}
