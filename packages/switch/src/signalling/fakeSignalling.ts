/**
 * Fakes of the signalling port's call objects for unit tests (the caller's INVITE and a
 * confirmed dialog). Not used by production code; integration tests use real peers (sipp).
 */
import { createRequest, parseUri, type SipRequest, type StoredDialog } from '@vaxel/sip';
import type { CallDialog, ServerInvite } from './signallingPort.ts';
import type { SipSource } from '../registrar/registrar.ts';

export class FakeDialog implements CallDialog {
  readonly signalledFrom = '127.0.0.1';
  byes = 0;
  #onBye: () => void = () => {};
  #ended = false;
  async bye(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    this.byes++;
  }
  async reinvite(): Promise<string | null> {
    return null;
  }
  /** What a live dialog row holds; `storedAs` lets a test name it. */
  storedAs: StoredDialog | null = null;
  stored(): StoredDialog | null {
    return this.#ended ? null : this.storedAs;
  }
  onBye(handler: () => void): void {
    this.#onBye = handler;
  }
  onReinvite(): void {}
  infoHandler: Parameters<CallDialog['onInfo']>[0] | null = null;
  onInfo(handler: Parameters<CallDialog['onInfo']>[0]): void {
    this.infoHandler = handler;
  }
  /** The peer hangs up. */
  peerHangsUp(): void {
    this.#ended = true;
    this.#onBye();
  }
}

/** The caller's INVITE: records every response; `ack` decides whether the 200 OK is acknowledged. */
export class FakeServerInvite implements ServerInvite {
  readonly request: SipRequest = createRequest({
    method: 'INVITE',
    uri: parseUri('sip:1002@127.0.0.1'),
    headers: [
      ['Via', 'SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKfake'],
      ['From', '<sip:1001@127.0.0.1>;tag=a'],
      ['To', '<sip:1002@127.0.0.1>'],
      ['Call-ID', 'fake'],
      ['CSeq', '1 INVITE'],
    ],
  });
  readonly source: SipSource = { transport: 'udp', address: '127.0.0.1', port: 5070 };
  readonly responses: string[] = [];
  readonly dialog = new FakeDialog();
  ack = true;
  #onCancel: (() => void) | null = null;
  #cancelled = false;

  provisional(status: 180 | 183, sdp?: string): void {
    this.responses.push(sdp ? `${status} ${sdp}` : String(status));
  }
  async accept(sdp: string): Promise<CallDialog> {
    this.responses.push(`200 ${sdp}`);
    if (!this.ack) throw new Error('no ACK');
    return this.dialog;
  }
  reject(status: number, reason?: string, warning?: string | null): void {
    this.responses.push([status, reason, warning].filter(Boolean).join(' '));
  }
  onCancel(handler: () => void): void {
    this.#onCancel = handler;
    if (this.#cancelled) handler();
  }
  /** The caller sends CANCEL (the UA core answered it and the INVITE with 487). */
  cancel(): void {
    this.#cancelled = true;
    this.#onCancel?.();
  }
}
