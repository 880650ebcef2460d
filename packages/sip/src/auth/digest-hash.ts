/**
 * Digest computations of RFC 2617 §3.2.2 (MD5) and RFC 8760 / RFC 7616 (SHA-256), qop=auth:
 *
 *   HA1      = H(username ":" realm ":" password)
 *   HA2      = H(method ":" digest-uri)
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)     (qop=auth)
 *   response = H(HA1 ":" nonce ":" HA2)                              (no qop, RFC 2069)
 */
import { createHash } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = ['SHA-256', 'MD5'];

export function toDigestAlgorithm(name: string | undefined): DigestAlgorithm | undefined {
  if (name === undefined) return 'MD5'; // RFC 2617 §3.2.1: "If this is not present it is assumed to be MD5".
  const upper = name.toUpperCase();
  return upper === 'MD5' ? 'MD5' : upper === 'SHA-256' ? 'SHA-256' : undefined;
}

export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(text, 'utf8')
    .digest('hex');
}

/** HA1, the value to store per user and realm instead of the password. */
export function computeHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  readonly ha1: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  /** Present for qop=auth; absent for RFC 2069 compatibility. */
  readonly qop?: { readonly nc: string; readonly cnonce: string };
}

export function computeDigestResponse(input: DigestResponseInput): string {
  const ha2 = digestHash(input.algorithm, `${input.method}:${input.uri}`);
  if (input.qop === undefined) return digestHash(input.algorithm, `${input.ha1}:${input.nonce}:${ha2}`);
  return digestHash(input.algorithm, `${input.ha1}:${input.nonce}:${input.qop.nc}:${input.qop.cnonce}:auth:${ha2}`);
}
