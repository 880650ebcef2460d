/**
 * URIs as SIP carries them (RFC 3261 §19.1, §25.1; RFC 3966 for tel).
 *
 *   SIP-URI  = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
 *   userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
 *   hostport = host [ ":" port ]          host = hostname / IPv4address / "[" IPv6address "]"
 *
 * Components are stored unescaped (decoded once, §19.1.2) and escaped again when formatted.
 * URIs of any other scheme are kept opaque so a parser never fails on them (RFC 4475 §3.3.2);
 * whether they are acceptable is for `validateRequest` to decide (416).
 */
import { SipParseError } from './errors.ts';
import { URI_CHARS, escapeComponent, unescapeComponent, type Params } from './syntax.ts';

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  readonly user?: string;
  readonly password?: string;
  /** Hostname or IPv4 as written; IPv6 without the brackets. */
  readonly host: string;
  readonly port?: number;
  /** URI parameters (transport, lr, maddr, user ...), names lower-case, values unescaped. */
  readonly params: Params;
  /** Header fields to build a request from (?name=value&...), in order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

export interface TelUri {
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: Params;
}

/** Any other scheme (http:, isbn:, urn: ...): kept as written. */
export interface OpaqueUri {
  readonly scheme: string;
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | OpaqueUri;

export function isSipUri(uri: Uri): uri is SipUri {
  return uri.scheme === 'sip' || uri.scheme === 'sips';
}

export function isTelUri(uri: Uri): uri is TelUri {
  return uri.scheme === 'tel';
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+\-.]*):(.+)$/s;
const HOSTNAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

export function parseUri(text: string): Uri {
  const match = SCHEME.exec(text);
  if (!match) throw new SipParseError(`Not a URI: "${text}"`);
  const scheme = match[1]!.toLowerCase();
  const rest = match[2]!;
  if (/[\s<>"]/.test(rest)) throw new SipParseError(`White space or delimiter inside URI "${text}"`);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest, text);
  if (scheme === 'tel') return parseTelUri(rest, text);
  return { scheme, opaque: rest };
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string, text: string): SipUri {
  // The user part may hold ";", "?" and "/" (user-unreserved) but never an unescaped "@",
  // which parameters and headers cannot hold either: the last "@" ends the userinfo.
  const at = rest.lastIndexOf('@');
  const afterUser = at < 0 ? rest : rest.slice(at + 1);
  const question = afterUser.indexOf('?');
  const hostAndParams = question < 0 ? afterUser : afterUser.slice(0, question);
  const headersText = question < 0 ? undefined : afterUser.slice(question + 1);
  let user: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    const rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (rawUser === '') throw new SipParseError(`Empty user part in "${text}"`);
    user = unescapeComponent(rawUser, URI_CHARS.user, 'URI user part');
    if (colon >= 0) password = unescapeComponent(userinfo.slice(colon + 1), URI_CHARS.password, 'URI password');
  }
  const semicolon = hostAndParams.indexOf(';');
  const hostport = semicolon < 0 ? hostAndParams : hostAndParams.slice(0, semicolon);
  const { host, port } = parseHostPort(hostport, text);
  const params: Params = new Map();
  if (semicolon >= 0) {
    for (const raw of hostAndParams.slice(semicolon + 1).split(';')) {
      if (raw === '') throw new SipParseError(`Empty URI parameter in "${text}"`);
      const eq = raw.indexOf('=');
      const name = unescapeComponent(eq < 0 ? raw : raw.slice(0, eq), URI_CHARS.param, 'URI parameter name');
      const value = eq < 0 ? null : unescapeComponent(raw.slice(eq + 1), URI_CHARS.param, 'URI parameter value');
      if (name === '') throw new SipParseError(`Empty URI parameter name in "${text}"`);
      params.set(name.toLowerCase(), value);
    }
  }
  const headers: Array<readonly [string, string]> = [];
  if (headersText !== undefined) {
    for (const raw of headersText.split('&')) {
      const eq = raw.indexOf('=');
      if (eq <= 0) throw new SipParseError(`Bad URI header "${raw}" in "${text}"`);
      headers.push([
        unescapeComponent(raw.slice(0, eq), URI_CHARS.header, 'URI header name'),
        unescapeComponent(raw.slice(eq + 1), URI_CHARS.header, 'URI header value'),
      ]);
    }
  }
  return {
    scheme,
    ...(user !== undefined && { user }),
    ...(password !== undefined && { password }),
    host,
    ...(port !== undefined && { port }),
    params,
    headers,
  };
}

/** Parses `host[:port]` where host may be a bracketed IPv6 reference. */
export function parseHostPort(hostport: string, context = hostport): { host: string; port?: number } {
  let host: string;
  let portText: string | undefined;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) throw new SipParseError(`Unterminated IPv6 reference in "${context}"`);
    host = hostport.slice(1, close);
    if (!IPV6.test(host) || !host.includes(':')) throw new SipParseError(`Bad IPv6 address "${host}" in "${context}"`);
    const after = hostport.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) throw new SipParseError(`Junk after IPv6 reference in "${context}"`);
      portText = after.slice(1);
    }
  } else {
    const colon = hostport.indexOf(':');
    host = colon < 0 ? hostport : hostport.slice(0, colon);
    if (colon >= 0) portText = hostport.slice(colon + 1);
    const v4 = IPV4.exec(host);
    if (v4 ? v4.slice(1).some((octet) => Number(octet) > 255) : !HOSTNAME.test(host)) {
      throw new SipParseError(`Bad host "${host}" in "${context}"`);
    }
  }
  if (portText === undefined) return { host };
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    throw new SipParseError(`Bad port "${portText}" in "${context}"`);
  return { host, port: Number(portText) };
}

function parseTelUri(rest: string, text: string): TelUri {
  const [rawNumber = '', ...rawParams] = rest.split(';');
  const number = unescapeComponent(rawNumber, URI_CHARS.telNumber, 'tel number');
  if (!/^\+?[0-9A-Fa-f*#\-.()]+$/.test(number)) throw new SipParseError(`Bad telephone number in "${text}"`);
  const params: Params = new Map();
  for (const raw of rawParams) {
    const eq = raw.indexOf('=');
    const name = eq < 0 ? raw : raw.slice(0, eq);
    if (name === '') throw new SipParseError(`Empty tel parameter in "${text}"`);
    params.set(
      name.toLowerCase(),
      eq < 0 ? null : unescapeComponent(raw.slice(eq + 1), URI_CHARS.param, 'tel parameter'),
    );
  }
  return { scheme: 'tel', number, params };
}

export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function formatUri(uri: Uri): string {
  if (isSipUri(uri)) {
    let out = `${uri.scheme}:`;
    if (uri.user !== undefined) {
      out += escapeComponent(uri.user, URI_CHARS.user).replace(/[;?]/g, (c) => (c === ';' ? ';' : '%3F'));
      if (uri.password !== undefined) out += `:${escapeComponent(uri.password, URI_CHARS.password)}`;
      out += '@';
    }
    out += formatHost(uri.host);
    if (uri.port !== undefined) out += `:${uri.port}`;
    for (const [name, value] of uri.params) {
      out += `;${escapeComponent(name, URI_CHARS.param)}`;
      if (value !== null) out += `=${escapeComponent(value, URI_CHARS.param)}`;
    }
    if (uri.headers.length > 0) {
      out +=
        '?' +
        uri.headers
          .map(
            ([n, v]) =>
              `${escapeComponent(n, URI_CHARS.header)}=${escapeComponent(v, URI_CHARS.header).replace(/\?/g, '%3F')}`,
          )
          .join('&');
    }
    return out;
  }
  if (isTelUri(uri)) {
    let out = `tel:${uri.number}`;
    for (const [name, value] of uri.params)
      out += value === null ? `;${name}` : `;${name}=${escapeComponent(value, URI_CHARS.param)}`;
    return out;
  }
  return `${uri.scheme}:${(uri as OpaqueUri).opaque}`;
}

/** Builds a SIP URI with sensible empty defaults. */
export function sipUri(parts: {
  scheme?: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params?: Params;
  headers?: ReadonlyArray<readonly [string, string]>;
}): SipUri {
  return {
    scheme: parts.scheme ?? 'sip',
    ...(parts.user !== undefined && { user: parts.user }),
    ...(parts.password !== undefined && { password: parts.password }),
    host: parts.host,
    ...(parts.port !== undefined && { port: parts.port }),
    params: parts.params ?? new Map(),
    headers: parts.headers ?? [],
  };
}

/**
 * URI equality for SIP/SIPS URIs by RFC 3261 §19.1.4: user and password case-sensitive, host
 * case-insensitive, parameters present in both must match (user, ttl, method, maddr, transport
 * must match when present in either), headers must match.
 */
export function uriEquals(a: Uri, b: Uri): boolean {
  if (!isSipUri(a) || !isSipUri(b)) return formatUri(a).toLowerCase() === formatUri(b).toLowerCase();
  if (a.scheme !== b.scheme || a.user !== b.user || a.password !== b.password) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase() || a.port !== b.port) return false;
  for (const name of ['user', 'ttl', 'method', 'maddr', 'transport']) {
    if (a.params.has(name) !== b.params.has(name)) return false;
  }
  for (const [name, value] of a.params) {
    if (b.params.has(name) && (b.params.get(name) ?? '').toLowerCase() !== (value ?? '').toLowerCase()) return false;
  }
  if (a.headers.length !== b.headers.length) return false;
  return a.headers.every(([n, v]) => b.headers.some(([n2, v2]) => n.toLowerCase() === n2.toLowerCase() && v === v2));
}
