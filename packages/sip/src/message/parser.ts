/**
 * Parses one SIP message from bytes (RFC 3261 §7, grammar §25) into a typed request or
 * response, or a `SipParseError` that names the status a UAS replies with.
 *
 *   generic-message = start-line *message-header CRLF [ message-body ]
 *
 * The header section is decoded as UTF-8 and unfolded (§7.3.1: "a header field value can be
 * extended over multiple lines by preceding each extra line with at least one SP or horizontal
 * tab"); the body is kept as the exact bytes. Framing (§18.3): over a stream Content-Length is
 * mandatory and exact; over a datagram a missing Content-Length means "the rest of the packet"
 * and octets after Content-Length are ignored.
 */
import { SipParseError } from './errors.ts';
import { Headers, isListHeader } from './headers.ts';
import { getContacts, getFrom, getMaxForwards, getRoutes, getTo, parseCSeq, type SipMessage } from './message.ts';
import { isToken, splitOutside } from './syntax.ts';
import { parseUri } from './uri.ts';
import { parseVia } from './via.ts';

export interface ParseOptions {
  /** `datagram` (UDP) or `stream` (TCP, where the framer already cut the message out). */
  readonly transport: 'datagram' | 'stream';
  /** Larger messages are refused with 513 Message Too Large. */
  readonly maxMessageSize?: number;
  /** Larger bodies are refused with 413 Request Entity Too Large. */
  readonly maxBodySize?: number;
}

/** What a failed parse still knows, so a request can be answered (a response is just dropped). */
export interface ParseFailure {
  readonly ok: false;
  readonly error: SipParseError;
  /** Known once the start line was read. */
  readonly kind?: 'request' | 'response';
  /** The header fields as far as they could be split, for building the error response. */
  readonly headers?: Headers;
}

export type ParseResult = { readonly ok: true; readonly message: SipMessage } | ParseFailure;

const CRLF_CRLF = Buffer.from('\r\n\r\n');
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const SIP_VERSION = /^SIP\/(\d+)\.(\d+)$/i;

export function parseMessage(data: Buffer, options: ParseOptions): ParseResult {
  let kind: 'request' | 'response' | undefined;
  let headers: Headers | undefined;
  try {
    if (options.maxMessageSize !== undefined && data.length > options.maxMessageSize) {
      throw new SipParseError(
        `Message of ${data.length} bytes exceeds ${options.maxMessageSize}`,
        513,
        'Message Too Large',
      );
    }
    // §7.5: "Implementations processing SIP messages over stream-oriented transports MUST ignore
    // any CRLF appearing before the start-line"; harmless to do for datagrams too.
    let start = 0;
    while (data[start] === 0x0d && data[start + 1] === 0x0a) start += 2;
    const headerEnd = data.indexOf(CRLF_CRLF, start);
    const headerBytes = data.subarray(start, headerEnd < 0 ? data.length : headerEnd);
    let text: string;
    try {
      text = UTF8.decode(headerBytes);
    } catch {
      throw new SipParseError('Header section is not valid UTF-8');
    }
    const lines = text.replace(/\r\n[ \t]+/g, ' ').split('\r\n');
    const startLine = lines[0] ?? '';
    kind = startLine.startsWith('SIP/') ? 'response' : 'request';
    headers = splitHeaderLines(lines.slice(1).filter((line, i, all) => !(i === all.length - 1 && line === '')));
    checkCoreHeaders(headers);
    if (headerEnd < 0) throw new SipParseError('Missing empty line after the header fields');

    const body = frameBody(data.subarray(headerEnd + 4), headers, options);
    if (kind === 'response') {
      const { status, reason } = parseStatusLine(startLine);
      return { ok: true, message: { kind, status, reason, headers, body } };
    }
    const { method, uriText } = parseRequestLine(startLine);
    return { ok: true, message: { kind, method, uri: parseUri(uriText), headers, body } };
  } catch (error) {
    if (!(error instanceof SipParseError)) throw error;
    return { ok: false, error, ...(kind !== undefined && { kind }), ...(headers !== undefined && { headers }) };
  }
}

/** Request-Line = Method SP Request-URI SP SIP-Version CRLF (single SPs, §7.1). */
function parseRequestLine(line: string): { method: string; uriText: string } {
  const parts = line.split(' ');
  if (parts.length !== 3) throw new SipParseError(`Malformed Request-Line: "${line}"`);
  const [method = '', uriText = '', version = ''] = parts;
  if (!isToken(method)) throw new SipParseError(`Malformed method: "${method}"`);
  checkVersion(version);
  if (uriText === '') throw new SipParseError('Empty Request-URI');
  return { method, uriText };
}

/** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF (§7.2). */
function parseStatusLine(line: string): { status: number; reason: string } {
  const match = /^(\S+) (\d{3})(?: (.*))?$/s.exec(line);
  if (!match) throw new SipParseError(`Malformed Status-Line: "${line}"`);
  checkVersion(match[1]!);
  const status = Number(match[2]);
  if (status < 100 || status > 699) throw new SipParseError(`Status code ${status} out of range`);
  return { status, reason: match[3] ?? '' };
}

function checkVersion(version: string): void {
  const match = SIP_VERSION.exec(version);
  if (!match) throw new SipParseError(`Malformed SIP-Version: "${version}"`);
  // §8.2.2 (via §21.5.20): a version the element does not support is answered 505.
  if (Number(match[1]) !== 2 || Number(match[2]) !== 0) {
    throw new SipParseError(`SIP version ${version} is not supported`, 505, 'Version Not Supported');
  }
}

/** message-header = field-name HCOLON field-value; HCOLON = *( SP / HTAB ) ":" SWS (§25.1). */
function splitHeaderLines(lines: string[]): Headers {
  const headers = new Headers();
  for (const line of lines) {
    const match = /^([^ \t:]+)[ \t]*:(.*)$/s.exec(line);
    if (!match || !isToken(match[1]!)) throw new SipParseError(`Malformed header line: "${line}"`);
    const name = match[1]!;
    const value = match[2]!.trim();
    if (!isListHeader(name) || value === '' || value === '*') {
      headers.append(name, value);
      continue;
    }
    const parts = splitOutside(value, ',').map((part) => part.trim());
    if (parts.some((part) => part === '')) throw new SipParseError(`Empty value in ${name}: "${value}"`);
    for (const part of parts) headers.append(name, part);
  }
  return headers;
}

/** Parses the fields the stack depends on so that malformed ones fail here, as 400. */
function checkCoreHeaders(headers: Headers): void {
  const probe = { kind: 'response', status: 0, reason: '', headers, body: Buffer.alloc(0) } as const;
  for (const value of headers.getAll('Via')) parseVia(value);
  for (const value of headers.getAll('CSeq')) parseCSeq(value);
  if (headers.has('From')) getFrom(probe);
  if (headers.has('To')) getTo(probe);
  if (headers.has('Contact')) getContacts(probe);
  getRoutes(probe, 'Route');
  getRoutes(probe, 'Record-Route');
  getMaxForwards(probe);
  for (const value of headers.getAll('Call-ID')) {
    if (!/^\S+$/.test(value)) throw new SipParseError(`Malformed Call-ID: "${value}"`);
  }
}

/** Reads Content-Length; all values must agree (RFC 4475 §3.3.9) and be non-negative integers (§3.1.2.3). */
export function contentLengthOf(headers: Headers): number | undefined {
  const values = headers.getAll('Content-Length');
  if (values.length === 0) return undefined;
  for (const value of values) {
    if (!/^\d{1,10}$/.test(value)) throw new SipParseError(`Bad Content-Length: "${value}"`);
  }
  if (new Set(values.map(Number)).size > 1)
    throw new SipParseError(`Conflicting Content-Length values: ${values.join(', ')}`);
  return Number(values[0]);
}

function frameBody(rest: Buffer, headers: Headers, options: ParseOptions): Buffer {
  const length = contentLengthOf(headers);
  if (options.maxBodySize !== undefined && (length ?? rest.length) > options.maxBodySize) {
    throw new SipParseError(`Body larger than ${options.maxBodySize} bytes`, 413, 'Request Entity Too Large');
  }
  if (length === undefined) {
    // §18.3: "If a message is received over a stream-oriented transport without Content-Length, it MUST be discarded" (400 here).
    if (options.transport === 'stream') throw new SipParseError('Content-Length is mandatory over a stream transport');
    return Buffer.from(rest);
  }
  // §18.3: "If the message is received over UDP and the Content-Length is larger than the body, it MUST be rejected with 400."
  if (length > rest.length)
    throw new SipParseError(`Content-Length ${length} exceeds the ${rest.length} bytes of body`);
  // §18.3: octets past Content-Length in a datagram are ignored.
  return Buffer.from(rest.subarray(0, length));
}
