/**
 * The client side of Digest (RFC 3261 §22.2, RFC 2617, RFC 8760): answering a 401/407
 * challenge, as the switch does towards trunks and as tests do towards the registrar.
 */
import { randomBytes } from 'node:crypto';
import { computeDigestResponse, computeHa1, toDigestAlgorithm, type DigestAlgorithm } from './digest-hash.ts';
import { formatAuthHeader, parseAuthHeader } from './digest-params.ts';

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: DigestAlgorithm;
  readonly qopAuth: boolean;
  readonly opaque?: string;
  readonly stale: boolean;
}

/** Parses one challenge; undefined for a scheme or algorithm we cannot answer. */
export function parseDigestChallenge(value: string): DigestChallenge | undefined {
  const parsed = parseAuthHeader(value);
  if (parsed.scheme.toLowerCase() !== 'digest') return undefined;
  const realm = parsed.params.get('realm');
  const nonce = parsed.params.get('nonce');
  const algorithm = toDigestAlgorithm(parsed.params.get('algorithm'));
  if (realm === undefined || nonce === undefined || algorithm === undefined) return undefined;
  const qop = (parsed.params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  const opaque = parsed.params.get('opaque');
  return {
    realm,
    nonce,
    algorithm,
    qopAuth: qop.includes('auth'),
    ...(opaque !== undefined && { opaque }),
    stale: parsed.params.get('stale')?.toLowerCase() === 'true',
  };
}

/** Picks the strongest challenge we can answer (SHA-256 over MD5) from a response's header values. */
export function pickDigestChallenge(values: readonly string[]): DigestChallenge | undefined {
  const challenges = values.flatMap((value) => {
    try {
      const challenge = parseDigestChallenge(value);
      return challenge === undefined ? [] : [challenge];
    } catch {
      return [];
    }
  });
  return challenges.find((c) => c.algorithm === 'SHA-256') ?? challenges[0];
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

export interface AuthorizationInput {
  readonly challenge: DigestChallenge;
  readonly credentials: DigestCredentials;
  readonly method: string;
  /** The digest-uri: the Request-URI as sent (§22.4: "the Request-URI of the request"). */
  readonly uri: string;
  /** Nonce-count, starting at 1 for each new nonce. */
  readonly nc?: number;
  /** Client nonce; random when omitted. */
  readonly cnonce?: string;
}

/** The value of an Authorization (or Proxy-Authorization) header answering `challenge`. */
export function buildAuthorization(input: AuthorizationInput): string {
  const { challenge, credentials } = input;
  const ha1 = computeHa1(challenge.algorithm, credentials.username, challenge.realm, credentials.password);
  const nc = (input.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = input.cnonce ?? randomBytes(12).toString('hex');
  const qop = challenge.qopAuth ? { nc, cnonce } : undefined;
  const response = computeDigestResponse({
    algorithm: challenge.algorithm,
    ha1,
    method: input.method,
    uri: input.uri,
    nonce: challenge.nonce,
    ...(qop && { qop }),
  });
  const params: Array<[string, string]> = [
    ['username', credentials.username],
    ['realm', challenge.realm],
    ['nonce', challenge.nonce],
    ['uri', input.uri],
    ['response', response],
    ['algorithm', challenge.algorithm],
  ];
  if (qop) params.push(['qop', 'auth'], ['nc', nc], ['cnonce', cnonce]);
  if (challenge.opaque !== undefined) params.push(['opaque', challenge.opaque]);
  return formatAuthHeader('Digest', params, ['algorithm', 'nc', 'qop']);
}
