/**
 * SIP requests and responses (RFC 3261 §7) and typed access to the header fields every
 * element relies on: Via, From, To, Call-ID, CSeq, Contact, Max-Forwards.
 *
 * The parser checks these fields when present, so after a successful parse the accessors
 * here only throw `SipParseError` for a field that is missing; `validateRequest` reports
 * missing ones as 400 before a transaction ever sees the request.
 */
import { SipParseError } from './errors.ts';
import { Headers } from './headers.ts';
import { formatNameAddr, parseNameAddr, withParam, type NameAddr } from './name-addr.ts';
import { splitOutside } from './syntax.ts';
import type { Uri } from './uri.ts';
import { parseVia, type Via } from './via.ts';

export interface SipRequest {
  readonly kind: 'request';
  readonly method: string;
  readonly uri: Uri;
  readonly headers: Headers;
  /** Exactly the bytes of the body (framed by Content-Length). */
  readonly body: Buffer;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly headers: Headers;
  readonly body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

/** RFC 3261 §8.1.1.5: "The sequence number value MUST be expressible as a 32-bit unsigned integer". */
export const MAX_CSEQ = 2 ** 32 - 1;

export function parseCSeq(text: string): CSeq {
  const match = /^\s*(\d+)\s+([A-Za-z0-9\-.!%*_+`'~]+)\s*$/.exec(text);
  if (!match) throw new SipParseError(`Malformed CSeq: "${text}"`);
  const seq = Number(match[1]);
  if (!Number.isSafeInteger(seq) || seq > MAX_CSEQ) throw new SipParseError(`CSeq number out of range: "${text}"`);
  return { seq, method: match[2]! };
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}

function required(message: SipMessage, name: string): string {
  const value = message.headers.get(name);
  if (value === undefined) throw new SipParseError(`Missing ${name} header`);
  return value;
}

export function getVias(message: SipMessage): Via[] {
  return message.headers.getAll('Via').map(parseVia);
}

export function topVia(message: SipMessage): Via {
  return parseVia(required(message, 'Via'));
}

export function getFrom(message: SipMessage): NameAddr {
  return parseNameAddr(required(message, 'From'), 'From');
}

export function getTo(message: SipMessage): NameAddr {
  return parseNameAddr(required(message, 'To'), 'To');
}

export function getCallId(message: SipMessage): string {
  return required(message, 'Call-ID').trim();
}

export function getCSeq(message: SipMessage): CSeq {
  return parseCSeq(required(message, 'CSeq'));
}

/** Contact values, or "*" for the wildcard of a REGISTER that removes every binding (§10.2.2). */
export function getContacts(message: SipMessage): NameAddr[] | '*' {
  const values = message.headers.getAll('Contact');
  if (values.length === 1 && values[0]!.trim() === '*') return '*';
  return values.map((value) => parseNameAddr(value, 'Contact'));
}

export function getRoutes(message: SipMessage, name: 'Route' | 'Record-Route' = 'Route'): NameAddr[] {
  return message.headers.getAll(name).map((value) => parseNameAddr(value, name));
}

export function getMaxForwards(message: SipMessage): number | undefined {
  const value = message.headers.get('Max-Forwards');
  if (value === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) > 255) throw new SipParseError(`Bad Max-Forwards: "${value}"`);
  return Number(value);
}

/** Tokens of a list header like Require, Supported, Allow (lower-cased for comparison). */
export function getTokens(message: SipMessage, name: string): string[] {
  return message.headers
    .getAll(name)
    .flatMap((value) => splitOutside(value, ','))
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '');
}

export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  200: 'OK',
  202: 'Accepted',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  421: 'Extension Required',
  423: 'Interval Too Brief',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  491: 'Request Pending',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
};

export function createRequest(parts: {
  method: string;
  uri: Uri;
  headers?: Headers | Iterable<readonly [string, string]>;
  body?: Buffer | string;
}): SipRequest {
  return {
    kind: 'request',
    method: parts.method,
    uri: parts.uri,
    headers: parts.headers instanceof Headers ? parts.headers : new Headers(parts.headers ?? []),
    body: toBuffer(parts.body),
  };
}

export interface ResponseOptions {
  reason?: string;
  /** Tag the UAS puts in To when the request's To has none (§8.2.6.2); ignored for 100. */
  toTag?: string;
  headers?: Iterable<readonly [string, string]>;
  body?: Buffer | string;
}

/**
 * Builds a response to `request` per RFC 3261 §8.2.6.2: "the From field of the response MUST
 * equal the From header field of the request. The Call-ID ... MUST equal ... The CSeq ... MUST
 * equal ... The Via header field values in the response MUST equal the Via header field values
 * in the request and MUST maintain the same ordering." A To tag is added unless the status is 100.
 */
export function createResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  if (!Number.isInteger(status) || status < 100 || status > 699)
    throw new RangeError(`Status ${status} is not 100..699`);
  const headers = new Headers();
  for (const value of request.headers.getAll('Via')) headers.append('Via', value);
  for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
    const value = request.headers.get(name);
    if (value !== undefined) headers.append(name, value);
  }
  if (status !== 100) {
    const to = request.headers.get('To');
    if (to !== undefined && options.toTag !== undefined) {
      const parsed = parseNameAddr(to, 'To');
      if (!parsed.params.has('tag')) headers.set('To', formatNameAddr(withParam(parsed, 'tag', options.toTag)));
    }
  } else {
    // §8.2.6.1: a 100 (Trying) copies Timestamp from the request.
    const timestamp = request.headers.get('Timestamp');
    if (timestamp !== undefined) headers.append('Timestamp', timestamp);
  }
  for (const [name, value] of options.headers ?? []) headers.append(name, value);
  return {
    kind: 'response',
    status,
    reason: options.reason ?? REASON_PHRASES[status] ?? 'Unknown',
    headers,
    body: toBuffer(options.body),
  };
}

function toBuffer(body: Buffer | string | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}
