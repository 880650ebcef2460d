/**
 * Character classes and small lexical helpers from the RFC 3261 §25.1 grammar, shared by the
 * URI, name-addr, Via and header parsers.
 */
import { SipParseError } from './errors.ts';

const ALPHANUM = 'A-Za-z0-9';
const MARK = "\\-_.!~*'()";

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;

/** Characters allowed unescaped in each URI component (§25.1). */
export const URI_CHARS = {
  user: new RegExp(`[${ALPHANUM}${MARK}&=+$,;?/]`),
  password: new RegExp(`[${ALPHANUM}${MARK}&=+$,]`),
  param: new RegExp(`[${ALPHANUM}${MARK}\\[\\]/:&+$]`),
  header: new RegExp(`[${ALPHANUM}${MARK}\\[\\]/?:+$]`),
  telNumber: /[A-Za-z0-9\-.()*#+]/,
} as const;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * Decodes %HH escapes once (RFC 3261 §19.1.2: "n%61me=v%61lue%25%34%31" means name=value%41).
 * Throws when a character outside `allowed` appears unescaped or an escape is truncated.
 */
export function unescapeComponent(text: string, allowed: RegExp, what: string): string {
  if (!wholeMatcher(allowed).test(text)) {
    const bad = [...text].find(
      (ch, i) => ch !== '%' && !allowed.test(ch) && ch.charCodeAt(0) <= 0x7f && text[i - 1] !== '%',
    );
    throw new SipParseError(
      bad === undefined ? `Bad escape in ${what}: "${text}"` : `Character "${bad}" not allowed in ${what}: "${text}"`,
    );
  }
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '%') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      // Non-ASCII (UTF-8) is not in the grammar but occurs in the wild; keep it verbatim.
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const wholeMatchers = new Map<RegExp, RegExp>();

/** A regex accepting a whole component: allowed characters, %HH escapes and non-ASCII. */
function wholeMatcher(allowed: RegExp): RegExp {
  let matcher = wholeMatchers.get(allowed);
  if (matcher === undefined) {
    matcher = new RegExp(`^(?:${allowed.source}|%[0-9A-Fa-f]{2}|[^\\x00-\\x7f])*$`, 'u');
    wholeMatchers.set(allowed, matcher);
  }
  return matcher;
}

/** Escapes every character outside `allowed` as %HH of its UTF-8 bytes. */
export function escapeComponent(text: string, allowed: RegExp): string {
  let out = '';
  for (const ch of text) {
    if (allowed.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Splits `text` at every `separator` that is outside a quoted string and outside <...>
 * (RFC 3261 §7.3.1: commas inside quotes or angle brackets do not separate header values).
 * Throws on an unterminated quoted string.
 */
export function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inQuotes = false;
  let inAngle = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      current += ch;
      if (ch === '\\' && i + 1 < text.length) current += text[++i];
      else if (ch === '"') inQuotes = false;
      continue;
    }
    if (ch === '"') inQuotes = true;
    else if (ch === '<') inAngle = true;
    else if (ch === '>') inAngle = false;
    if (ch === separator && !inAngle) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (inQuotes) throw new SipParseError(`Unterminated quoted string in "${text}"`);
  parts.push(current);
  return parts;
}

/** Reads a quoted-string starting at `start` (which must be a DQUOTE); returns the unquoted text and the index after it. */
export function readQuotedString(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      if (i + 1 >= text.length) break;
      value += text[++i];
    } else if (ch === '"') {
      return { value, end: i + 1 };
    } else {
      value += ch;
    }
  }
  throw new SipParseError(`Unterminated quoted string in "${text}"`);
}

export function quoteString(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Parameters in order; names compared case-insensitively (stored lower-case), value null when absent. */
export type Params = Map<string, string | null>;

/**
 * Parses `;name=value;flag` generic-params (§25.1 generic-param) with optional LWS around ";" and "=".
 * Values may be tokens, hosts or quoted strings (quotes are removed).
 */
export function parseGenericParams(text: string, what: string): Params {
  const params: Params = new Map();
  const trimmed = text.trim();
  if (trimmed === '') return params;
  if (!trimmed.startsWith(';')) throw new SipParseError(`Expected ";" before parameters of ${what}: "${text}"`);
  for (const raw of splitOutside(trimmed.slice(1), ';')) {
    const eq = raw.indexOf('=');
    const name = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    if (!isToken(name)) throw new SipParseError(`Bad parameter name "${name}" in ${what}`);
    let value: string | null = null;
    if (eq >= 0) {
      const rawValue = raw.slice(eq + 1).trim();
      if (rawValue.startsWith('"')) {
        const quoted = readQuotedString(rawValue, 0);
        if (quoted.end !== rawValue.length) throw new SipParseError(`Junk after quoted parameter in ${what}`);
        value = quoted.value;
      } else if (/^[A-Za-z0-9\-.!%*_+`'~:[\]]+$/.test(rawValue)) {
        value = rawValue;
      } else {
        throw new SipParseError(`Bad value for parameter "${name}" in ${what}: "${rawValue}"`);
      }
    }
    params.set(name.toLowerCase(), value);
  }
  return params;
}

export function formatGenericParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) {
    if (value === null) out += `;${name}`;
    else out += `;${name}=${isToken(value) || /^[\w.:[\]-]+$/.test(value) ? value : quoteString(value)}`;
  }
  return out;
}
