import {
  InvalidStateError,
  TcpTransport,
  UdpTransport,
  UserAgent,
  type Dialog,
  type DialogEndReason,
  type IncomingInvite,
  type IncomingRequestHandle,
  type Admission,
  type MessageSource,
  type Screening,
  type SipRequest,
  type SipResponse,
  type SipTrafficObserver,
  type StoredDialog,
  type TimerSettings,
  type Transport,
} from '@vaxel/sip';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { SipSource } from '../registrar/registrar.ts';
import type {
  CallDialog,
  ClientInvite,
  IncomingHandlers,
  InfoAnswer,
  InfoRequest,
  InviteHandlers,
  OutgoingInvite,
  ServerInvite,
  SignallingPort,
} from './signallingPort.ts';

export interface UserAgentSignallingOptions {
  bindAddress: string;
  /** 0 picks a free port (the same for UDP and TCP). */
  port: number;
  advertisedAddress: string;
  transports: Array<'udp' | 'tcp'>;
  logger: SwitchLogger;
  timers?: Partial<TimerSettings>;
  /** Issue 10: asked for every datagram and TCP message before it is parsed (the flood guard). */
  admit?: Admission;
  /** Issue 10: a new request answered statelessly or dropped (the stateless 407 for INVITE). */
  screen?: (request: SipRequest, source: MessageSource) => Screening;
  /** Issue 10: concurrent server transactions allowed to one source. */
  maxServerTransactions?: (source: MessageSource) => number;
  /** Issue 11: told of every SIP message received and sent, and of retransmissions (the operator's metrics). */
  observer?: SipTrafficObserver;
}

const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
const ALLOWED = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'INFO', 'REGISTER'];
const SDP: [string, string] = ['Content-Type', 'application/sdp'];
/** Header fields `createResponse` writes itself; the rest of a prepared response is copied over. */
const COPIED_BY_CREATE_RESPONSE = new Set(['via', 'from', 'to', 'call-id', 'cseq', 'content-length']);

export const toSipSource = (source: MessageSource): SipSource => ({
  transport: source.protocol === 'TCP' ? 'tcp' : 'udp',
  address: source.address,
  port: source.port,
});

/**
 * {@link SignallingPort} over @vaxel/sip's UserAgent (transactions, dialogs, CANCEL, 2xx
 * retransmission, digest retry) on its UDP and TCP transports. In-dialog requests use the flow
 * the dialog was set up on (`natFlows`), so phones behind NAT are reached.
 */
export class UserAgentSignalling implements SignallingPort {
  readonly #options: UserAgentSignallingOptions;
  readonly #dialogs = new Map<Dialog, UaCallDialog>();
  #transports: Transport[] = [];
  #udp: UdpTransport | null = null;
  #ua: UserAgent | null = null;
  #port = 0;
  #stopped = false;

  constructor(options: UserAgentSignallingOptions) {
    this.#options = options;
  }

  get port(): number {
    return this.#port || this.#options.port;
  }

  async start(handlers: IncomingHandlers): Promise<void> {
    const { bindAddress, transports } = this.#options;
    let port = this.#options.port;
    const onError = (error: unknown) => this.#options.logger.error('SIP handler failed', { error: String(error) });
    // UDP first, so that with port 0 TCP can take the same port number.
    if (transports.includes('udp')) {
      // 4 MiB: a flood's burst queues while the flood guard drops it, rather than crowding out phones' datagrams.
      const udp = new UdpTransport({
        host: bindAddress,
        port,
        onError,
        receiveBufferBytes: UDP_RECEIVE_BUFFER_BYTES,
        // Issue 11: the overload guard reads how long INVITEs wait in that buffer.
        measureReceiveDelay: true,
        ...(this.#options.admit ? { admit: this.#options.admit } : {}),
      });
      await udp.listen();
      port = udp.local.port;
      this.#transports.push(udp);
      this.#udp = udp;
    }
    if (transports.includes('tcp')) {
      const tcp = new TcpTransport({
        host: bindAddress,
        port,
        onError,
        ...(this.#options.admit ? { admit: this.#options.admit } : {}),
      });
      await tcp.listen();
      port = tcp.local.port;
      this.#transports.push(tcp);
    }
    this.#port = port;
    const t = this.#options.timers;
    this.#ua = new UserAgent({
      transports: this.#transports,
      ...(t ? { timers: t } : {}),
      host: this.#options.advertisedAddress,
      contactUser: 'vaxel',
      userAgent: 'Vaxel',
      allowedMethods: ALLOWED,
      natFlows: true,
      ...(this.#options.screen ? { screen: this.#options.screen } : {}),
      ...(this.#options.maxServerTransactions ? { maxServerTransactions: this.#options.maxServerTransactions } : {}),
      ...(this.#options.observer ? { observer: this.#options.observer } : {}),
      onInvite: (invite) => handlers.invite(new UaServerInvite(this, invite)),
      onReinvite: (dialog, invite) => {
        const call = this.#dialogs.get(dialog);
        if (call) call.receiveReinvite(invite);
        else invite.reject(488);
      },
      onRequest: (request) => this.#onRequest(request, handlers),
      onDialogRequest: (dialog, request) => {
        if (request.request.method !== 'INFO') return request.respond(200);
        const call = this.#dialogs.get(dialog);
        // §12.2.2: a request in a dialog the switch no longer knows.
        if (call) call.receiveInfo(request);
        else request.respond(481);
      },
      onDialogTerminated: (dialog, reason) => this.#dialogs.get(dialog)?.terminated(reason),
    });
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const ua = this.#ua;
    if (ua) await ua.close();
    else await Promise.all(this.#transports.map((t) => t.close()));
    this.#dialogs.clear();
  }

  /** How long a SIP datagram waits in the UDP socket's queue before it is read, ms (issue 11). */
  receiveDelayMs(): number {
    return this.#udp?.receiveDelayMs() ?? 0;
  }

  stats(): {
    transactions: number;
    serverTransactions: number;
    statelessResponses: number;
    dialogs: number;
    sockets: number;
  } {
    const ua = this.#ua?.stats();
    const edge = this.#ua?.edgeStats();
    return {
      transactions: ua?.transactions ?? 0,
      serverTransactions: edge?.serverTransactions ?? 0,
      statelessResponses: edge?.statelessResponses ?? 0,
      dialogs: ua?.dialogs ?? 0,
      sockets: this.#stopped ? 0 : this.#transports.length + (ua?.connections ?? 0),
    };
  }

  async byeStored(dialog: StoredDialog): Promise<number> {
    return (await this.userAgent.byeStored(dialog)).status;
  }

  get userAgent(): UserAgent {
    if (!this.#ua) throw new InvalidStateError('signalling not started');
    return this.#ua;
  }

  /** The wrapper the call logic sees for a dialog of the UserAgent; `signalledFrom`: the peer's host. */
  wrap(dialog: Dialog, signalledFrom: string): UaCallDialog {
    let call = this.#dialogs.get(dialog);
    if (!call) {
      call = new UaCallDialog(this, dialog, signalledFrom, () => this.#dialogs.delete(dialog));
      this.#dialogs.set(dialog, call);
    }
    return call;
  }

  invite(spec: OutgoingInvite, handlers: InviteHandlers): ClientInvite {
    let outgoing;
    try {
      outgoing = this.userAgent.invite(
        {
          uri: spec.uri,
          from: spec.from,
          to: spec.to,
          headers: [SDP, ...(spec.headers ?? [])],
          body: spec.sdp,
          destination: {
            protocol: spec.target.transport === 'tcp' ? 'TCP' : 'UDP',
            address: spec.target.address,
            port: spec.target.port,
          },
          ...(spec.credentials ? { credentials: spec.credentials } : {}),
        },
        { onProgress: (response) => response.status > 100 && handlers.onProvisional(response) },
      );
    } catch (error) {
      this.#options.logger.warn('could not send INVITE', { error: String(error), uri: spec.uri });
      queueMicrotask(() => handlers.onFailed(null, error instanceof InvalidStateError ? 503 : 400));
      return { cancel() {} };
    }
    void outgoing.outcome.then((outcome) => {
      // The callee's media is trusted from where the switch sent the INVITE (its registration, the trunk).
      if (outcome.ok) handlers.onAnswered(outcome.response, this.wrap(outcome.dialog, spec.target.address));
      else handlers.onFailed(outcome.response, outcome.response.status);
    });
    return { cancel: () => void outgoing.cancel() };
  }

  #onRequest(request: IncomingRequestHandle, handlers: IncomingHandlers): void {
    switch (request.request.method) {
      case 'REGISTER':
        void handlers
          .register(request.request, toSipSource(request.source))
          .then((response) => respondWith(request, response))
          .catch((error: unknown) => {
            this.#options.logger.error('registrar failed', { error: String(error) });
            if (!request.answered) request.respond(500);
          });
        return;
      case 'OPTIONS':
        request.respond(200, {
          headers: [
            ['Allow', ALLOWED.join(', ')],
            ['Accept', 'application/sdp'],
          ],
        });
        return;
      default:
        request.respond(405, { headers: [['Allow', ALLOWED.join(', ')]] });
    }
  }
}

/** Sends a response prepared by the registrar through the request's transaction. */
function respondWith(request: IncomingRequestHandle, response: SipResponse): void {
  if (request.answered) return;
  const headers = [...response.headers]
    .filter((h) => !COPIED_BY_CREATE_RESPONSE.has(h.name.toLowerCase()))
    .map((h) => [h.name, h.value] as [string, string]);
  request.respond(response.status, {
    reason: response.reason,
    headers,
    ...(response.body.length > 0 ? { body: response.body } : {}),
  });
}

/** The caller's INVITE. */
class UaServerInvite implements ServerInvite {
  readonly request;
  readonly source: SipSource;
  readonly #signalling: UserAgentSignalling;
  readonly #invite: IncomingInvite;

  constructor(signalling: UserAgentSignalling, invite: IncomingInvite) {
    this.#signalling = signalling;
    this.#invite = invite;
    this.request = invite.request;
    this.source = toSipSource(invite.source);
  }

  provisional(status: 180 | 183, sdp?: string): void {
    if (this.#invite.state !== 'Pending') return;
    this.#invite.progress(status, sdp ? { headers: [SDP], body: sdp } : {});
  }

  accept(sdp: string): Promise<CallDialog> {
    if (this.#invite.state !== 'Pending')
      return Promise.reject(new InvalidStateError(`the INVITE is ${this.#invite.state}`));
    return new Promise((resolve, reject) => {
      const dialog = this.#signalling.wrap(this.#invite.accept({ headers: [SDP], body: sdp }), this.source.address);
      // §13.3.1.4: the UserAgent retransmits the 2xx until the ACK; without one it sends BYE and
      // the dialog ends with 'ack-timeout'.
      dialog.awaitingAck = { resolve: () => resolve(dialog), reject };
      this.#invite.onAck = () => dialog.acknowledged();
    });
  }

  reject(status: number, reason?: string, warning?: string | null, headers: Array<[string, string]> = []): void {
    if (this.#invite.state !== 'Pending') return;
    const all: Array<[string, string]> = [...headers];
    if (warning) all.push(['Warning', `399 vaxel "${warning.replace(/["\\]/g, '')}"`]);
    this.#invite.reject(status, { headers: all, ...(reason ? { reason } : {}) });
  }

  onCancel(handler: () => void): void {
    // The UserAgent answers the CANCEL with 200 and the INVITE with 487 (§9.2) before this runs.
    this.#invite.onCancel = handler;
    if (this.#invite.state === 'Cancelled') handler();
  }
}

/** A confirmed dialog as a {@link CallDialog}. */
class UaCallDialog implements CallDialog {
  readonly signalledFrom: string;
  readonly #signalling: UserAgentSignalling;
  readonly #dialog: Dialog;
  readonly #forget: () => void;
  #ended = false;
  #byeHandler: () => void = () => {};
  #reinviteHandler: (sdp: string | null, signalledFrom: string) => Promise<string | null> = async () => null;
  #infoHandler: (info: InfoRequest) => InfoAnswer = () => ({ status: 200 });
  awaitingAck: { resolve(): void; reject(error: Error): void } | null = null;

  constructor(signalling: UserAgentSignalling, dialog: Dialog, signalledFrom: string, forget: () => void) {
    this.signalledFrom = signalledFrom;
    this.#signalling = signalling;
    this.#dialog = dialog;
    this.#forget = forget;
  }

  acknowledged(): void {
    this.awaitingAck?.resolve();
    this.awaitingAck = null;
  }

  async bye(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.#forget();
    try {
      await this.#signalling.userAgent.bye(this.#dialog);
    } catch {
      // Already terminated or the switch is closing: nothing left to end.
    }
  }

  stored(): StoredDialog | null {
    return this.#ended ? null : this.#dialog.toStored();
  }

  async reinvite(sdp: string): Promise<string | null> {
    if (this.#ended) return null;
    try {
      const response = await this.#signalling.userAgent.reinvite(this.#dialog, { headers: [SDP], body: sdp });
      if (response.status < 200 || response.status >= 300 || response.body.length === 0) return null;
      return response.body.toString('utf8');
    } catch {
      // Glare (an INVITE in progress either way, §14.1) or a closed dialog.
      return null;
    }
  }

  onBye(handler: () => void): void {
    this.#byeHandler = handler;
  }

  onReinvite(handler: (sdp: string | null, signalledFrom: string) => Promise<string | null>): void {
    this.#reinviteHandler = handler;
  }

  onInfo(handler: (info: InfoRequest) => InfoAnswer): void {
    this.#infoHandler = handler;
  }

  receiveInfo(request: IncomingRequestHandle): void {
    const message = request.request;
    const contentType =
      message.body.length > 0
        ? (message.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase() ?? null)
        : null;
    let answer: InfoAnswer;
    try {
      answer = this.#infoHandler({
        contentType,
        body: message.body.toString('utf8'),
        infoPackage: message.headers.get('Info-Package') ?? null,
      });
    } catch {
      answer = { status: 500 };
    }
    if (!request.answered)
      request.respond(answer.status, {
        ...(answer.reason ? { reason: answer.reason } : {}),
        ...(answer.headers ? { headers: answer.headers } : {}),
      });
  }

  receiveReinvite(invite: IncomingInvite): void {
    const sdp = invite.request.body.length > 0 ? invite.request.body.toString('utf8') : null;
    void this.#reinviteHandler(sdp, invite.source.address)
      .catch(() => null)
      .then((answer) => {
        if (invite.state !== 'Pending') return;
        if (answer === null) invite.reject(488);
        else invite.accept({ headers: [SDP], body: answer });
      });
  }

  terminated(reason: DialogEndReason): void {
    if (this.awaitingAck) {
      this.awaitingAck.reject(new Error(`dialog ended before the ACK (${reason})`));
      this.awaitingAck = null;
    }
    if (this.#ended) return;
    this.#ended = true;
    this.#forget();
    // The peer hung up, or never acknowledged our answer and was sent BYE: either way it is gone.
    if (reason === 'bye-received' || reason === 'ack-timeout') this.#byeHandler();
  }
}
