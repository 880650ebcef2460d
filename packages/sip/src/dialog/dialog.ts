/**
 * A dialog (RFC 3261 §12): the peer-to-peer relationship an INVITE creates, identified by
 * Call-ID, local tag and remote tag.
 *
 * Legal transitions:
 *   Early     → Confirmed (2xx), Terminated (non-2xx final, BYE, close)
 *   Confirmed → Terminated (BYE sent or received, close)
 *
 * The dialog holds the state §12.1 lists — route set, remote target, local and remote sequence
 * numbers, local and remote URI — builds requests within it (§12.2.1.1) and checks requests
 * received within it (§12.2.2). Sending and transactions belong to the UserAgent.
 */
import { InvalidStateError } from '../message/errors.ts';
import { Headers } from '../message/headers.ts';
import {
  createRequest,
  getCSeq,
  getContacts,
  getFrom,
  getRoutes,
  getTo,
  type SipRequest,
  type SipResponse,
} from '../message/message.ts';
import { formatNameAddr, parseNameAddr, type NameAddr } from '../message/name-addr.ts';
import { formatUri, parseUri, type Uri } from '../message/uri.ts';
import type { Destination } from '../transaction/transaction-layer.ts';
import { routeRequest } from './route.ts';

export enum DialogState {
  Early = 'Early',
  Confirmed = 'Confirmed',
  Terminated = 'Terminated',
}

const LEGAL: Record<DialogState, readonly DialogState[]> = {
  [DialogState.Early]: [DialogState.Confirmed, DialogState.Terminated],
  [DialogState.Confirmed]: [DialogState.Terminated],
  [DialogState.Terminated]: [],
};

export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
}

export function dialogKey(id: DialogId): string {
  return `${id.callId}|${id.localTag}|${id.remoteTag}`;
}

export interface DialogSnapshot {
  readonly id: DialogId;
  readonly role: 'uac' | 'uas';
  readonly state: DialogState;
  /** The address-of-record of this side (From for the UAC, To for the UAS), with its tag. */
  readonly local: NameAddr;
  readonly remote: NameAddr;
  readonly remoteTarget: Uri;
  readonly routeSet: readonly NameAddr[];
  readonly localSeq: number;
  readonly remoteSeq: number | undefined;
}

/**
 * A confirmed dialog written down (plain JSON) so that another process can end it: the state
 * §12.1 lists, the Contact this side used and the flow the peer is reached over. A switch that
 * restarts after a crash sends each phone it left in a call a BYE from it (§15).
 */
export interface StoredDialog {
  callId: string;
  localTag: string;
  remoteTag: string;
  role: 'uac' | 'uas';
  /** name-addr with tag, as sent in From (UAC) or To (UAS). */
  local: string;
  remote: string;
  remoteTarget: string;
  routeSet: string[];
  localSeq: number;
  remoteSeq: number | null;
  localContact: string;
  /** Where the peer's SIP came from (NAT flows), or null to route by the target and route set. */
  flow: Destination | null;
}

export class Dialog {
  readonly id: DialogId;
  readonly role: 'uac' | 'uas';
  readonly local: NameAddr;
  readonly remote: NameAddr;
  /** Fixed once the dialog is created (§12.1.1: route set "MUST be ... taken from the Record-Route"). */
  readonly routeSet: readonly NameAddr[];
  #state: DialogState;
  #remoteTarget: Uri;
  #localSeq: number;
  #remoteSeq: number | undefined;
  /** Contact this side advertises in requests it sends within the dialog. */
  readonly localContact: string;
  /**
   * When set, requests within the dialog are sent here instead of to the first route or remote
   * target: the flow the dialog was set up over, for peers behind NAT whose Contact is a private
   * address (the spirit of RFC 5626 §5.3 and symmetric response routing, RFC 3581).
   */
  flow: Destination | undefined;
  readonly #onStateChange: (dialog: Dialog) => void;

  private constructor(init: {
    id: DialogId;
    role: 'uac' | 'uas';
    state: DialogState;
    local: NameAddr;
    remote: NameAddr;
    routeSet: NameAddr[];
    remoteTarget: Uri;
    localSeq: number;
    remoteSeq: number | undefined;
    localContact: string;
    onStateChange: (dialog: Dialog) => void;
  }) {
    this.id = init.id;
    this.role = init.role;
    this.#state = init.state;
    this.local = init.local;
    this.remote = init.remote;
    this.routeSet = init.routeSet;
    this.#remoteTarget = init.remoteTarget;
    this.#localSeq = init.localSeq;
    this.#remoteSeq = init.remoteSeq;
    this.localContact = init.localContact;
    this.#onStateChange = init.onStateChange;
  }

  /**
   * §12.1.2 (UAC): "The route set MUST be set to the list of URIs in the Record-Route header field
   * from the response, taken in reverse order ... The remote target MUST be set to the URI from the
   * Contact header field of the response ... The local sequence number MUST be set to the value of
   * the sequence number in the CSeq header field of the request. The remote sequence number MUST be empty."
   * An early dialog comes from a 1xx with a To tag, a confirmed one from a 2xx.
   */
  static fromUac(
    request: SipRequest,
    response: SipResponse,
    localContact: string,
    onStateChange: (dialog: Dialog) => void = () => undefined,
  ): Dialog {
    const to = getTo(response);
    const from = getFrom(request);
    const contacts = getContacts(response);
    return new Dialog({
      id: {
        callId: request.headers.get('Call-ID') ?? '',
        localTag: from.params.get('tag') ?? '',
        remoteTag: to.params.get('tag') ?? '',
      },
      role: 'uac',
      state: response.status < 200 ? DialogState.Early : DialogState.Confirmed,
      local: from,
      remote: to,
      routeSet: getRoutes(response, 'Record-Route').reverse(),
      remoteTarget: contacts === '*' || contacts[0] === undefined ? request.uri : contacts[0].uri,
      localSeq: getCSeq(request).seq,
      remoteSeq: undefined,
      localContact,
      onStateChange,
    });
  }

  /**
   * §12.1.1 (UAS): "The route set MUST be set to the list of URIs in the Record-Route header field
   * from the request, taken in order ... The remote target MUST be set to the URI from the Contact
   * header field of the request ... The remote sequence number MUST be set to the value of the
   * sequence number in the CSeq header field of the request. The local sequence number MUST be empty."
   * We start our own numbering at 0, so the first request we send carries 1.
   */
  static fromUas(
    request: SipRequest,
    localTag: string,
    status: number,
    localContact: string,
    onStateChange: (dialog: Dialog) => void = () => undefined,
  ): Dialog {
    const from = getFrom(request);
    const to = getTo(request);
    const contacts = getContacts(request);
    const localParams = new Map(to.params);
    localParams.set('tag', localTag);
    return new Dialog({
      id: { callId: request.headers.get('Call-ID') ?? '', localTag, remoteTag: from.params.get('tag') ?? '' },
      role: 'uas',
      state: status < 200 ? DialogState.Early : DialogState.Confirmed,
      local: { ...to, params: localParams },
      remote: from,
      routeSet: getRoutes(request, 'Record-Route'),
      remoteTarget: contacts === '*' || contacts[0] === undefined ? request.uri : contacts[0].uri,
      localSeq: 0,
      remoteSeq: getCSeq(request).seq,
      localContact,
      onStateChange,
    });
  }

  /**
   * A confirmed dialog brought back from {@link Dialog.toStored}: requests built from it carry the
   * same Call-ID, tags, route set and the next CSeq (§12.2.1.1), so the peer takes them as in-dialog.
   */
  static fromStored(stored: StoredDialog, onStateChange: (dialog: Dialog) => void = () => undefined): Dialog {
    const dialog = new Dialog({
      id: { callId: stored.callId, localTag: stored.localTag, remoteTag: stored.remoteTag },
      role: stored.role,
      state: DialogState.Confirmed,
      local: parseNameAddr(stored.local),
      remote: parseNameAddr(stored.remote),
      routeSet: stored.routeSet.map((route) => parseNameAddr(route, 'route')),
      remoteTarget: parseUri(stored.remoteTarget),
      localSeq: stored.localSeq,
      remoteSeq: stored.remoteSeq ?? undefined,
      localContact: stored.localContact,
      onStateChange,
    });
    if (stored.flow)
      dialog.flow = { protocol: stored.flow.protocol, address: stored.flow.address, port: stored.flow.port };
    return dialog;
  }

  /** The dialog as plain JSON (see {@link StoredDialog}); the local sequence number is the one used last. */
  toStored(): StoredDialog {
    return {
      callId: this.id.callId,
      localTag: this.id.localTag,
      remoteTag: this.id.remoteTag,
      role: this.role,
      local: formatNameAddr(this.local),
      remote: formatNameAddr(this.remote),
      remoteTarget: formatUri(this.#remoteTarget),
      routeSet: this.routeSet.map((route) => formatNameAddr(route)),
      localSeq: this.#localSeq,
      remoteSeq: this.#remoteSeq ?? null,
      localContact: this.localContact,
      flow: this.flow ? { protocol: this.flow.protocol, address: this.flow.address, port: this.flow.port } : null,
    };
  }

  get key(): string {
    return dialogKey(this.id);
  }

  get state(): DialogState {
    return this.#state;
  }

  get remoteTarget(): Uri {
    return this.#remoteTarget;
  }

  get localSeq(): number {
    return this.#localSeq;
  }

  get remoteSeq(): number | undefined {
    return this.#remoteSeq;
  }

  /** Where requests within this dialog go: the flow if set, else the first route if loose routing, else the remote target. */
  get destination(): Destination {
    return this.flow ?? routeRequest(this.#remoteTarget, this.routeSet).destination;
  }

  snapshot(): DialogSnapshot {
    return {
      id: this.id,
      role: this.role,
      state: this.#state,
      local: this.local,
      remote: this.remote,
      remoteTarget: this.#remoteTarget,
      routeSet: this.routeSet,
      localSeq: this.#localSeq,
      remoteSeq: this.#remoteSeq,
    };
  }

  confirm(): void {
    if (this.#state === DialogState.Early) this.#transition(DialogState.Confirmed);
  }

  terminate(): void {
    if (this.#state !== DialogState.Terminated) this.#transition(DialogState.Terminated);
  }

  /**
   * §12.2.1.1: a request within the dialog. "The URI in the To field of the request MUST be set to
   * the remote URI from the dialog state. The tag in the To header field of the request MUST be
   * set to the remote tag of the dialog ID. The From URI ... local URI ... local tag ... The
   * Call-ID of the request MUST be set to the Call-ID of the dialog." The CSeq number is the local
   * sequence number plus one, except for ACK and CANCEL, which reuse `cseq`.
   */
  createRequest(
    method: string,
    options: { headers?: Iterable<readonly [string, string]>; body?: Buffer | string; cseq?: number } = {},
  ): SipRequest {
    if (this.#state === DialogState.Terminated) throw new InvalidStateError(`Dialog ${this.key} is terminated`);
    let seq: number;
    if (method === 'ACK' || method === 'CANCEL') {
      if (options.cseq === undefined)
        throw new InvalidStateError(`${method} needs the CSeq of the request it belongs to`);
      seq = options.cseq;
    } else {
      // §12.2.1.1: "the local sequence number MUST be incremented by one".
      seq = ++this.#localSeq;
    }
    const { requestUri, routes } = routeRequest(this.#remoteTarget, this.routeSet);
    const headers = new Headers();
    headers.append('Max-Forwards', '70');
    headers.append('From', formatNameAddr(this.local));
    headers.append('To', formatNameAddr(this.remote));
    headers.append('Call-ID', this.id.callId);
    headers.append('CSeq', `${seq} ${method}`);
    for (const route of routes) headers.append('Route', formatNameAddr(route));
    // §12.2.1.1: target refresh requests (and any that may establish state) carry a Contact.
    if (
      method === 'INVITE' ||
      method === 'UPDATE' ||
      method === 'SUBSCRIBE' ||
      method === 'REFER' ||
      method === 'NOTIFY'
    )
      headers.append('Contact', this.localContact);
    for (const [name, value] of options.headers ?? []) headers.append(name, value);
    return createRequest({
      method,
      uri: requestUri,
      headers,
      ...(options.body !== undefined && { body: options.body }),
    });
  }

  /**
   * §12.2.2: checks the CSeq of a request received within the dialog. "If the remote sequence
   * number is empty, it MUST be set to the value of the sequence number in the CSeq header field
   * value in the request. If the remote sequence number was not empty, but the sequence number of
   * the request is lower than the remote sequence number, the request is out of order and MUST be
   * rejected with a 500 (Server Internal Error) response." Returns false for such a request.
   */
  acceptRemoteSequence(request: SipRequest): boolean {
    if (request.method === 'ACK' || request.method === 'CANCEL') return true;
    const seq = getCSeq(request).seq;
    if (this.#remoteSeq !== undefined && seq < this.#remoteSeq) return false;
    this.#remoteSeq = seq;
    return true;
  }

  /**
   * §12.2.2 / §12.2.1.2: a target refresh request (re-INVITE, UPDATE) or its 2xx replaces the
   * remote target with its Contact.
   */
  refreshRemoteTarget(message: SipRequest | SipResponse): void {
    const contacts = getContacts(message);
    if (contacts !== '*' && contacts[0] !== undefined) this.#remoteTarget = contacts[0].uri;
  }

  #transition(to: DialogState): void {
    if (!LEGAL[this.#state].includes(to)) throw new InvalidStateError(`Dialog cannot go from ${this.#state} to ${to}`);
    this.#state = to;
    this.#onStateChange(this);
  }
}
