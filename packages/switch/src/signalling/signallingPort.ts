import type { SipRequest, SipResponse, StoredDialog } from '@vaxel/sip';
import type { SipSource } from '../registrar/registrar.ts';

/**
 * What the switch needs from a SIP user agent core (RFC 3261 §12–§15) to run calls as a
 * back-to-back user agent. Each call has one server side (the caller's INVITE) and any number of
 * client sides (legs to devices and trunks); a dialog on each, never shared: the switch is a UA
 * on both sides, not a proxy.
 *
 * Implemented over @vaxel/sip's UserAgent by `UserAgentSignalling`.
 */
export interface SignallingPort {
  /**
   * Binds the transports and starts delivering requests outside dialogs: REGISTER to `register`,
   * INVITE to `invite`. The port answers OPTIONS itself, and in-dialog requests through dialogs.
   */
  start(handlers: IncomingHandlers): Promise<void>;
  /** Closes every transport; safe to call twice. */
  stop(): Promise<void>;
  /** Sends a new INVITE; the leg reports what happens through its handlers. */
  invite(request: OutgoingInvite, handlers: InviteHandlers): ClientInvite;
  /** Counts for leak checks. */
  stats(): { transactions: number; dialogs: number; sockets: number };
  /** Issue 10: BYE in a dialog a previous run left (RFC 3261 §15); resolves with the final status (408 when unanswered). */
  byeStored(dialog: StoredDialog): Promise<number>;
}

export interface IncomingHandlers {
  register(request: SipRequest, source: SipSource): Promise<SipResponse>;
  invite(invite: ServerInvite): void;
}

export interface OutgoingInvite {
  /** Request-URI. */
  uri: string;
  /** Where to send it (the registration's source, or the trunk). */
  target: SipSource;
  /** From and To header values without tags. */
  from: string;
  to: string;
  sdp: string;
  /** Extra headers (P-Asserted-Identity, Reason ...). */
  headers?: Array<[string, string]>;
  /** Answer 401/407 from this peer with these credentials (trunks that authenticate us). */
  credentials?: { username: string; password: string };
}

export interface InviteHandlers {
  /** 1xx other than 100. */
  onProvisional(response: SipResponse): void;
  /** 2xx: the dialog is confirmed (the port sent the ACK). */
  onAnswered(response: SipResponse, dialog: CallDialog): void;
  /** Final non-2xx (the port ACKed it), or 408 when the peer never answered (Timer B). */
  onFailed(response: SipResponse | null, status: number): void;
}

export interface ClientInvite {
  /** RFC 3261 §9.1: sends CANCEL once a provisional response arrived; harmless after the end. */
  cancel(reason?: string): void;
}

/** The caller's INVITE, as the switch must answer it. */
export interface ServerInvite {
  readonly request: SipRequest;
  readonly source: SipSource;
  /** 180/183; the To tag stays the same for every response (one dialog towards the caller). */
  provisional(status: 180 | 183, sdp?: string): void;
  /** 200 OK with the switch's SDP; resolves with the dialog once the ACK arrived, rejects if it never does. */
  accept(sdp: string): Promise<CallDialog>;
  /** A final non-2xx; `warning` becomes a Warning header (RFC 3261 §20.43). */
  reject(status: number, reason?: string, warning?: string | null, headers?: Array<[string, string]>): void;
  /** Called once when the caller sends CANCEL (the port already answered the CANCEL with 200). */
  onCancel(handler: () => void): void;
}

/** A confirmed dialog on one leg. */
export interface CallDialog {
  /**
   * The host this dialog's peer signals from: the caller's INVITE's transport source, or the
   * address the switch sent a leg's INVITE to (the phone's registration, the trunk). Media from
   * the peer is trusted from this host only (RFC 7362; media/callMedia.ts `SignalledFrom`).
   */
  readonly signalledFrom: string;
  /** Sends BYE; resolves when answered or timed out. Safe to call twice. */
  bye(reason?: string): Promise<void>;
  /**
   * Issue 10: the dialog written down (Call-ID, tags, remote target, route set, CSeq, flow), so a
   * switch restarted after a crash can send the phone a BYE ({@link SignallingPort.byeStored});
   * null when it has ended.
   */
  stored(): StoredDialog | null;
  /** Sends a re-INVITE with this offer; resolves with the answer SDP, or null when refused. */
  reinvite(sdp: string): Promise<string | null>;
  /** Called for a BYE from the peer (the port answered it 200). */
  onBye(handler: () => void): void;
  /**
   * Called for a re-INVITE from the peer carrying an offer (and the host it came from); the
   * handler resolves with the answer SDP (the port sends 200 and waits for the ACK) or null (the
   * port sends 488).
   */
  onReinvite(handler: (sdp: string | null, signalledFrom: string) => Promise<string | null>): void;
  /**
   * Called for an INFO from the peer (RFC 6086); the handler's answer is the response. Until a
   * handler is set the port answers 200, as it always did.
   */
  onInfo(handler: (info: InfoRequest) => InfoAnswer): void;
}

/** An INFO request within a call's dialog, as the switch reads it (RFC 6086). */
export interface InfoRequest {
  /** Content-Type without parameters, lower case; null without a body. */
  contentType: string | null;
  body: string;
  /** The Info-Package header field's value, if any (RFC 6086 §7.2). */
  infoPackage: string | null;
}

export interface InfoAnswer {
  status: number;
  reason?: string;
  headers?: Array<[string, string]>;
}
