import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { createResponse, formatVia, parseMessage, parseVia, serializeMessage, type SipMessage, type SipRequest } from '@vaxel/sip';
import type { SipSource } from '../registrar/registrar.ts';

export type ChannelHandler = (message: SipMessage, source: SipSource) => void;

/**
 * SIP over UDP for the switch (RFC 3261 §18): one datagram, one message.
 *
 * A minimal stand-in until @vaxel/sip exports its UdpTransport: it parses with the sip
 * package's parser, stamps received/rport on requests (§18.2.1, RFC 3581 §4), answers an
 * unparsable request with 400 when it can, and drops anything else it cannot read. A malformed
 * packet never throws out of the socket handler.
 */
export class UdpChannel {
  readonly #host: string;
  readonly #port: number;
  readonly #onError: (error: unknown) => void;
  #socket: Socket | null = null;
  #handler: ChannelHandler = () => {};
  #closed = false;
  #localPort = 0;
  #pendingSends = 0;
  #drained: (() => void) | null = null;

  constructor(options: { host: string; port: number; onError: (error: unknown) => void }) {
    this.#host = options.host;
    this.#port = options.port;
    this.#onError = options.onError;
  }

  get port(): number {
    return this.#localPort;
  }

  get open(): boolean {
    return this.#socket !== null;
  }

  onMessage(handler: ChannelHandler): void {
    this.#handler = handler;
  }

  async listen(): Promise<void> {
    const socket = createSocket({ type: isIPv6(this.#host) ? 'udp6' : 'udp4' });
    socket.on('message', (data, info) => {
      try {
        this.#receive(data, info.address, info.port);
      } catch (error) {
        this.#onError(error);
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.#port, this.#host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (error) => this.#onError(error));
    this.#socket = socket;
    this.#localPort = socket.address().port;
  }

  send(message: SipMessage, target: { address: string; port: number }): void {
    const socket = this.#socket;
    if (!socket || this.#closed) return;
    const bytes = serializeMessage(message);
    this.#pendingSends++;
    socket.send(bytes, target.port, target.address, (error) => {
      if (error) this.#onError(error);
      if (--this.#pendingSends === 0) this.#drained?.();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // Let the last messages (BYE, 503, CANCEL of a stopping switch) leave before closing.
    if (this.#pendingSends > 0) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
        setTimeout(resolve, 500).unref();
      });
    }
    this.#closed = true;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  #receive(data: Buffer, address: string, port: number): void {
    if (data.every((byte) => byte === 0x0d || byte === 0x0a)) return; // keep-alive
    const parsed = parseMessage(data, { transport: 'datagram' });
    const source: SipSource = { transport: 'udp', address, port };
    if (!parsed.ok) {
      this.#answerMalformed(parsed, source);
      return;
    }
    if (parsed.message.kind === 'request') stampReceived(parsed.message, source);
    this.#handler(parsed.message, source);
  }

  #answerMalformed(failure: Extract<ReturnType<typeof parseMessage>, { ok: false }>, source: SipSource): void {
    if (failure.kind !== 'request' || !failure.headers?.get('Via')) return;
    try {
      parseVia(failure.headers.get('Via')!);
    } catch {
      return;
    }
    const request = { kind: 'request', method: 'UNKNOWN', uri: { scheme: 'sip', host: 'invalid', params: new Map(), headers: [] }, headers: failure.headers, body: Buffer.alloc(0) } as unknown as SipRequest;
    const response = createResponse(request, failure.error.status >= 400 ? failure.error.status : 400, {
      headers: [['Warning', `399 vaxel "${failure.error.message.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"`]],
    });
    this.send(response, source);
  }
}

/** §18.2.1 and RFC 3581 §4: record where the request really came from in its top Via. */
function stampReceived(request: SipRequest, source: SipSource): void {
  const values = request.headers.getAll('Via');
  if (values.length === 0) return;
  const top = parseVia(values[0]!);
  const params = new Map(top.params);
  const wantsRport = params.has('rport') && params.get('rport') === null;
  if (top.host !== source.address || wantsRport) params.set('received', source.address);
  if (wantsRport) params.set('rport', String(source.port));
  request.headers.delete('Via');
  request.headers.append('Via', formatVia({ ...top, params }));
  for (const value of values.slice(1)) request.headers.append('Via', value);
}
