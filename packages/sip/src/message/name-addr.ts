/**
 * name-addr / addr-spec values of From, To, Contact, Route, Record-Route, Reply-To
 * (RFC 3261 §20.10, §25.1):
 *
 *   ( name-addr / addr-spec ) *( SEMI param )
 *   name-addr    = [ display-name ] LAQUOT addr-spec RAQUOT
 *   display-name = *(token LWS) / quoted-string
 *
 * "If the URI is not enclosed in angle brackets, any semicolon-delimited parameters are
 * header-parameters, not URI parameters" (§20); and the URI MUST be enclosed in angle brackets
 * when it contains a comma, question mark or semicolon (§20.10), so an addr-spec with "?" is
 * rejected (RFC 4475 §3.1.2.13).
 */
import { SipParseError } from './errors.ts';
import {
  formatGenericParams,
  isToken,
  parseGenericParams,
  quoteString,
  readQuotedString,
  type Params,
} from './syntax.ts';
import { formatUri, parseUri, type Uri } from './uri.ts';

export interface NameAddr {
  readonly displayName?: string;
  readonly uri: Uri;
  /** Header parameters (tag, expires, q, lr for Route is a URI param...), names lower-case. */
  readonly params: Params;
}

export function parseNameAddr(text: string, what = 'name-addr'): NameAddr {
  const value = text.trim();
  if (value === '') throw new SipParseError(`Empty ${what}`);
  let displayName: string | undefined;
  let rest: string;
  if (value.startsWith('"')) {
    const quoted = readQuotedString(value, 0);
    displayName = quoted.value;
    rest = value.slice(quoted.end).trimStart();
    if (!rest.startsWith('<')) throw new SipParseError(`Expected "<" after display name in ${what}: "${text}"`);
  } else {
    const angle = value.indexOf('<');
    if (angle >= 0) {
      const name = value.slice(0, angle).trim();
      if (name !== '') {
        // display-name = *(token LWS): each word a token (RFC 4475 §3.1.2.15 rejects "Bell, Alexander").
        const words = name.split(/[ \t]+/);
        if (!words.every(isToken)) throw new SipParseError(`Display name "${name}" must be quoted in ${what}`);
        displayName = words.join(' ');
      }
      rest = value.slice(angle);
    } else {
      rest = value;
    }
  }
  if (rest.startsWith('<')) {
    const close = rest.indexOf('>');
    if (close < 0) throw new SipParseError(`Unterminated "<" in ${what}: "${text}"`);
    const inner = rest.slice(1, close);
    if (inner !== inner.trim()) throw new SipParseError(`White space inside <> in ${what}: "${text}"`);
    return {
      ...(displayName !== undefined && { displayName }),
      uri: parseUri(inner),
      params: parseGenericParams(rest.slice(close + 1), what),
    };
  }
  const semicolon = rest.indexOf(';');
  const spec = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
  if (/[?,]/.test(spec)) throw new SipParseError(`URI with "?" or "," must be enclosed in <> in ${what}: "${text}"`);
  return { uri: parseUri(spec), params: parseGenericParams(semicolon < 0 ? '' : rest.slice(semicolon), what) };
}

export function formatNameAddr(value: NameAddr): string {
  const display =
    value.displayName === undefined || value.displayName === '' ? '' : `${quoteString(value.displayName)} `;
  return `${display}<${formatUri(value.uri)}>${formatGenericParams(value.params)}`;
}

export function nameAddr(uri: Uri, options: { displayName?: string; params?: Params } = {}): NameAddr {
  return {
    ...(options.displayName !== undefined && { displayName: options.displayName }),
    uri,
    params: options.params ?? new Map(),
  };
}

/** Returns a copy with one header parameter set (e.g. the To tag a UAS adds, §8.2.6.2). */
export function withParam(value: NameAddr, name: string, paramValue: string | null): NameAddr {
  const params: Params = new Map(value.params);
  params.set(name.toLowerCase(), paramValue);
  return { ...value, params };
}

export function tagOf(value: NameAddr): string | undefined {
  return value.params.get('tag') ?? undefined;
}
