/**
 * The `Digest k=v, k="v"` syntax of WWW-Authenticate, Proxy-Authenticate, Authorization and
 * Proxy-Authorization (RFC 3261 §25.1 challenge/credentials, RFC 2617 §3.2).
 */
import { SipParseError } from '../message/errors.ts';
import { quoteString, readQuotedString, splitOutside } from '../message/syntax.ts';

export interface AuthHeaderValue {
  /** The scheme as written ("Digest", or anything else). */
  readonly scheme: string;
  /** Parameters with lower-case names and unquoted values. */
  readonly params: ReadonlyMap<string, string>;
}

export function parseAuthHeader(text: string): AuthHeaderValue {
  const match = /^\s*([A-Za-z0-9\-.!%*_+`'~]+)(?:\s+(.*))?$/s.exec(text);
  if (!match) throw new SipParseError(`Malformed authentication header: "${text}"`);
  const params = new Map<string, string>();
  for (const part of splitOutside(match[2] ?? '', ',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new SipParseError(`Malformed authentication parameter "${part.trim()}"`);
    const name = part.slice(0, eq).trim().toLowerCase();
    const raw = part.slice(eq + 1).trim();
    let value = raw;
    if (raw.startsWith('"')) {
      const quoted = readQuotedString(raw, 0);
      if (quoted.end !== raw.length) throw new SipParseError(`Junk after quoted value of ${name}`);
      value = quoted.value;
    }
    params.set(name, value);
  }
  return { scheme: match[1]!, params };
}

/**
 * @param unquoted names whose values are tokens and go unquoted: algorithm and stale in a
 * challenge; algorithm, nc and qop in credentials (RFC 3261 §25.1, RFC 2617 §3.2.2).
 */
export function formatAuthHeader(
  scheme: string,
  params: Iterable<readonly [string, string]>,
  unquoted: readonly string[] = ['algorithm', 'stale'],
): string {
  const parts: string[] = [];
  for (const [name, value] of params) parts.push(`${name}=${unquoted.includes(name) ? value : quoteString(value)}`);
  return `${scheme} ${parts.join(', ')}`;
}
