import { randomBytes } from 'node:crypto';
import { createRequest, formatUri, parseUri, type SipRequest, type SipResponse, type Uri } from '@vaxel/sip';
import type { SipSource } from '../registrar/registrar.ts';
import type { CallDialog } from './signallingPort.ts';
import type { SipTimers } from './sipTimers.ts';

export const newTag = () => randomBytes(6).toString('hex');
export const newBranch = () => `z9hG4bK${randomBytes(9).toString('base64url')}`;

/** What a dialog needs from the UA core that owns it. */
export interface DialogCore {
  readonly timers: SipTimers;
  readonly contact: string;
  via(branch: string): string;
  send(message: SipRequest | SipResponse, target: SipSource): void;
  /** Sends a request in a client transaction; resolves with the final response, or null on timeout. */
  request(request: SipRequest, target: SipSource, onProvisional?: (response: SipResponse) => void): Promise<SipResponse | null>;
  forget(dialog: SipDialog): void;
}

export interface DialogInit {
  callId: string;
  localTag: string;
  remoteTag: string;
  /** From/To values of our side and the peer's, tags included. */
  localParty: string;
  remoteParty: string;
  remoteTarget: Uri;
  routeSet: string[];
  localSeq: number;
  /** Where the peer is reached: the request's source (UAS) or the leg's target (UAC). */
  flow: SipSource;
}

/**
 * One confirmed dialog (RFC 3261 §12) as the B2BUA uses it: BYE and re-INVITE out, BYE and
 * re-INVITE in. In-dialog requests go to the flow the dialog was set up on (RFC 5626's idea),
 * which reaches phones behind NAT; the Request-URI is still the remote target (§12.2.1.1).
 *
 * States: Confirmed → Terminated (BYE sent or received, or the UA core stops). Safe to end twice.
 */
export class SipDialog implements CallDialog {
  readonly id: string;
  readonly #core: DialogCore;
  readonly #init: DialogInit;
  #localSeq: number;
  #terminated = false;
  #byeHandler: () => void = () => {};
  #reinviteHandler: (sdp: string | null) => Promise<string | null> = async () => null;
  /** The ACK for our 2xx-answered INVITE, resent when the 2xx is retransmitted (§13.2.2.4). */
  lastAck: SipRequest | null = null;
  /** Stops a 2xx retransmission waiting for the peer's ACK. */
  #awaitingAck: { resolve: () => void } | null = null;

  constructor(core: DialogCore, init: DialogInit) {
    this.#core = core;
    this.#init = init;
    this.#localSeq = init.localSeq;
    this.id = dialogId(init.callId, init.localTag, init.remoteTag);
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  get flow(): SipSource {
    return this.#init.flow;
  }

  onBye(handler: () => void): void {
    this.#byeHandler = handler;
  }

  onReinvite(handler: (sdp: string | null) => Promise<string | null>): void {
    this.#reinviteHandler = handler;
  }

  async bye(reason?: string): Promise<void> {
    if (this.#terminated) return;
    this.end();
    const extra: Array<[string, string]> = reason ? [['Reason', `SIP;cause=200;text="${reason.replace(/["\\]/g, '')}"`]] : [];
    await this.#core.request(this.#build('BYE', extra), this.#init.flow);
  }

  async reinvite(sdp: string): Promise<string | null> {
    if (this.#terminated) return null;
    const request = this.#build('INVITE', [['Contact', this.#core.contact], ['Content-Type', 'application/sdp']], sdp);
    const response = await this.#core.request(request, this.#init.flow);
    if (!response || response.status < 200 || response.status >= 300) return null;
    // §13.2.2.4: the UAC core sends the ACK for a 2xx itself, with the INVITE's CSeq number.
    const cseq = Number(request.headers.get('CSeq')!.split(' ')[0]);
    this.#core.send(this.#build('ACK', [], undefined, cseq), this.#init.flow);
    return response.body.length > 0 ? response.body.toString('utf8') : null;
  }

  /** The peer's BYE (already answered 200 by the core). */
  receiveBye(): void {
    if (this.#terminated) return;
    this.end();
    this.#byeHandler();
  }

  /** The peer's re-INVITE offer; resolves with our answer or null (488). */
  receiveReinvite(sdp: string | null): Promise<string | null> {
    if (this.#terminated) return Promise.resolve(null);
    return this.#reinviteHandler(sdp);
  }

  /**
   * §13.3.1.4: "the UAS core MUST ... retransmit the 2xx ... starting at T1 and doubling up to T2
   * ... until it receives an ACK"; it gives up after 64·T1. Resolves true on ACK.
   */
  retransmitUntilAck(response: SipResponse): Promise<boolean> {
    const t = this.#core.timers;
    return new Promise((resolve) => {
      let interval = t.t1;
      let timer: ReturnType<typeof setTimeout>;
      const giveUp = setTimeout(() => finish(false), 64 * t.t1);
      const finish = (acked: boolean) => {
        clearTimeout(timer);
        clearTimeout(giveUp);
        this.#awaitingAck = null;
        resolve(acked);
      };
      const again = () => {
        if (this.#terminated) return finish(false);
        this.#core.send(response, this.#init.flow);
        interval = Math.min(interval * 2, t.t2);
        timer = setTimeout(again, interval);
      };
      timer = setTimeout(again, interval);
      this.#awaitingAck?.resolve();
      this.#awaitingAck = { resolve: () => finish(true) };
    });
  }

  /** The peer's ACK for our 2xx. */
  receiveAck(): void {
    this.#awaitingAck?.resolve();
  }

  /** Ends the dialog locally without signalling (after BYE, or when the core stops). */
  end(): void {
    if (this.#terminated) return;
    this.#terminated = true;
    this.#awaitingAck?.resolve();
    this.#core.forget(this);
  }

  /** §12.2.1.1: a request within the dialog. */
  #build(method: string, extra: Array<[string, string]>, body?: string, seq?: number): SipRequest {
    const cseq = seq ?? ++this.#localSeq;
    const headers: Array<[string, string]> = [
      ['Via', this.#core.via(newBranch())],
      ['Max-Forwards', '70'],
      ['From', this.#init.localParty],
      ['To', this.#init.remoteParty],
      ['Call-ID', this.#init.callId],
      ['CSeq', `${cseq} ${method}`],
    ];
    for (const route of this.#init.routeSet) headers.push(['Route', route]);
    headers.push(...extra);
    return createRequest({ method, uri: parseUri(formatUri(this.#init.remoteTarget)), headers, ...(body === undefined ? {} : { body }) });
  }
}

export function dialogId(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}
