/**
 * The checks a UAS (RFC 3261 §8.2), registrar (§10.3) or proxy (§16.3) makes on a request that
 * parsed, before handing it to a transaction. Returns the response to send when the request
 * must be rejected, or `{ ok: true }`.
 *
 * Order follows §8.2: method inspection (§8.2.1) first, then header inspection (§8.2.2: URI
 * scheme, Require), then content processing (§8.2.3).
 */
import { getCSeq, getMaxForwards, getTo, getTokens, type SipRequest } from './message.ts';
import { isSipUri } from './uri.ts';

export type ElementRole = 'endpoint' | 'registrar' | 'proxy';

export interface RequestPolicy {
  readonly role: ElementRole;
  /** Request-URI schemes this element serves (default sip, sips, tel); others get 416. */
  readonly supportedSchemes?: readonly string[];
  /** Methods an endpoint implements; unknown ones get 501, known-but-not-here 405. Omit to allow any. */
  readonly allowedMethods?: readonly string[];
  /** Option tags understood in Require / Proxy-Require (default none). */
  readonly supportedExtensions?: readonly string[];
  /** Body types an endpoint accepts (default application/sdp); others get 415. */
  readonly acceptedContentTypes?: readonly string[];
  /** Body types an endpoint can answer with (default application/sdp); an Accept without any gets 406. */
  readonly producedContentTypes?: readonly string[];
}

export type RequestVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: number;
      readonly reason: string;
      readonly headers: ReadonlyArray<readonly [string, string]>;
    };

/** Methods defined by RFC 3261 and its common extensions; an endpoint answers 405 rather than 501 for these. */
export const KNOWN_METHODS = [
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'REGISTER',
  'INFO',
  'PRACK',
  'UPDATE',
  'SUBSCRIBE',
  'NOTIFY',
  'REFER',
  'MESSAGE',
  'PUBLISH',
] as const;

const SINGLE_VALUE_HEADERS = ['To', 'From', 'Call-ID', 'CSeq', 'Max-Forwards', 'Content-Type'];
const REQUIRED_HEADERS = ['To', 'From', 'Call-ID', 'CSeq', 'Via'];
/** rfc1123-date with "GMT" as the only zone (§20.17). */
const DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

function reject(
  status: number,
  reason: string,
  headers: ReadonlyArray<readonly [string, string]> = [],
): RequestVerdict {
  return { ok: false, status, reason, headers };
}

export function validateRequest(request: SipRequest, policy: RequestPolicy): RequestVerdict {
  for (const name of REQUIRED_HEADERS) {
    if (!request.headers.has(name)) return reject(400, `Missing ${name} Header`);
  }
  for (const name of SINGLE_VALUE_HEADERS) {
    if (request.headers.getAll(name).length > 1) return reject(400, `Multiple ${name} Values`);
  }
  const method = request.method;
  const endpoint = policy.role !== 'proxy';

  // §8.2.1: "If a UAS recognizes but does not support a method, it MUST respond with 405 ...
  // The UAS MUST also add an Allow header field"; an unrecognised one gets 501 (§21.5.2).
  if (endpoint && policy.allowedMethods !== undefined && !policy.allowedMethods.includes(method)) {
    const allow: Array<readonly [string, string]> = [['Allow', policy.allowedMethods.join(', ')]];
    return (KNOWN_METHODS as readonly string[]).includes(method)
      ? reject(405, 'Method Not Allowed', allow)
      : reject(501, 'Not Implemented', allow);
  }
  if (getCSeq(request).method !== method) return reject(400, 'CSeq Method Does Not Match Request Method');

  // §8.2.2.1: "If the Request-URI uses a scheme not supported by the UAS, it SHOULD reject the
  // request with a 416 (Unsupported URI Scheme) response."
  const schemes = policy.supportedSchemes ?? ['sip', 'sips', 'tel'];
  if (!schemes.includes(request.uri.scheme)) return reject(416, 'Unsupported URI Scheme');
  // §19.1.1 table: the headers component is not allowed in a Request-URI.
  if (isSipUri(request.uri) && request.uri.headers.length > 0) return reject(400, 'Headers Not Allowed In Request-URI');

  const date = request.headers.get('Date');
  if (date !== undefined && !DATE.test(date)) return reject(400, 'Malformed Date');
  for (const expires of request.headers.getAll('Expires')) {
    if (!/^\d{1,10}$/.test(expires) || Number(expires) > 2 ** 32 - 1) return reject(400, 'Malformed Expires');
  }

  const extensions = (policy.supportedExtensions ?? []).map((tag) => tag.toLowerCase());
  if (policy.role === 'proxy') {
    // §16.3 item 6 / §8.2.2.3 for Proxy-Require.
    const unsupported = getTokens(request, 'Proxy-Require').filter((tag) => !extensions.includes(tag));
    if (unsupported.length > 0) return reject(420, 'Bad Extension', [['Unsupported', unsupported.join(', ')]]);
    // §16.3 item 2: "If the Max-Forwards value is 0 ... the element MUST NOT forward the request.
    // If the request was for OPTIONS, the element MAY act as the final recipient ... Otherwise, 483."
    if (getMaxForwards(request) === 0 && method !== 'OPTIONS') return reject(483, 'Too Many Hops');
    return { ok: true };
  }

  // §8.2.2.3: "If a UAS does not understand an option-tag listed in a Require header field, it
  // MUST respond by generating a response with status code 420 (Bad Extension). The UAS MUST add
  // an Unsupported header field" — except for ACK and CANCEL, where Require is ignored.
  if (method !== 'ACK' && method !== 'CANCEL') {
    const unsupported = getTokens(request, 'Require').filter((tag) => !extensions.includes(tag));
    if (unsupported.length > 0) return reject(420, 'Bad Extension', [['Unsupported', unsupported.join(', ')]]);
  }

  if (policy.role === 'registrar') {
    // §10.3 item 5: the To header field holds the address-of-record, a SIP or SIPS URI.
    if (method === 'REGISTER' && !isSipUri(getTo(request).uri)) return reject(400, 'To Must Be A SIP URI');
    return { ok: true };
  }

  // §8.2.3: "If a UAS does not understand the content type ... it MUST respond with 415 ... with
  // an Accept header field listing the types of bodies it does understand."
  const accepted = (policy.acceptedContentTypes ?? ['application/sdp']).map((type) => type.toLowerCase());
  if (request.body.length > 0 && method !== 'ACK') {
    const type = mediaType(request.headers.get('Content-Type') ?? '');
    if (!accepted.includes(type)) return reject(415, 'Unsupported Media Type', [['Accept', accepted.join(', ')]]);
  }
  // RFC 4475 §3.3.15 / §21.4.7: nothing we could answer with is acceptable to the caller.
  const produced = (policy.producedContentTypes ?? ['application/sdp']).map((type) => type.toLowerCase());
  const accept = getTokens(request, 'Accept').map(mediaType);
  if (
    (method === 'INVITE' || method === 'OPTIONS') &&
    accept.length > 0 &&
    !accept.some((type) => produced.some((p) => matchesMediaRange(type, p)))
  ) {
    return reject(406, 'Not Acceptable', [['Warning', '399 - "No acceptable body type"']]);
  }
  return { ok: true };
}

function mediaType(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase();
}

function matchesMediaRange(range: string, type: string): boolean {
  if (range === '*/*' || range === '') return true;
  const [rangeType, rangeSub] = range.split('/');
  const [typeType, typeSub] = type.split('/');
  return rangeType === typeType && (rangeSub === '*' || rangeSub === typeSub);
}
