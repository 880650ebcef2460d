/**
 * The server side of SIP Digest authentication (RFC 3261 §22.2 / §22.3, RFC 2617 qop=auth,
 * RFC 8760 SHA-256):
 *
 * - challenges offer SHA-256 first and MD5 second (RFC 8760 §2.4: "the UAS ... MAY include
 *   multiple WWW-Authenticate header fields ... in order of preference");
 * - only HA1 per realm and algorithm is looked up, never a password;
 * - nonces are HMAC-signed with their time of issue, expire after `nonceLifetimeMs`, and a
 *   correct answer on an expired nonce gets a challenge with stale=true (RFC 2617 §3.2.1);
 * - nonce-count must grow for each nonce, so a captured Authorization cannot be replayed;
 * - an unknown user gets exactly the challenge a wrong password gets, after the same amount of
 *   hashing, so responses do not reveal which usernames exist.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SipRequest } from '../message/message.ts';
import { computeDigestResponse, DIGEST_ALGORITHMS, digestHash, toDigestAlgorithm, type DigestAlgorithm } from './digest-hash.ts';
import { formatAuthHeader, parseAuthHeader, type AuthHeaderValue } from './digest-params.ts';
import { checkNonce, createNonce } from './nonce.ts';

export interface DigestServerOptions {
  /** Key that signs nonces; share it between nodes that must accept each other's nonces. */
  readonly secret: Buffer;
  /** HA1 = H(username:realm:password) for this algorithm, or undefined for an unknown user. */
  readonly lookupHa1: (username: string, realm: string, algorithm: DigestAlgorithm) => string | undefined | Promise<string | undefined>;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** How long a nonce is accepted (default 5 minutes). */
  readonly nonceLifetimeMs?: number;
  /** Algorithms offered, in order of preference (default SHA-256, MD5). */
  readonly algorithms?: readonly DigestAlgorithm[];
}

export interface VerifyOptions {
  readonly realm: string;
  /** A proxy challenges with 407 / Proxy-Authenticate, a UAS or registrar with 401 / WWW-Authenticate. */
  readonly proxy: boolean;
}

export type DigestVerdict =
  | { readonly ok: true; readonly username: string }
  | { readonly ok: false; readonly status: 401 | 407; readonly headers: ReadonlyArray<readonly [string, string]> };

export class DigestServer {
  readonly #options: DigestServerOptions;
  readonly #lifetime: number;
  /** Highest nonce-count accepted per nonce, pruned as nonces expire. */
  readonly #nonceCounts = new Map<string, { nc: number; issuedAt: number }>();

  constructor(options: DigestServerOptions) {
    this.#options = options;
    this.#lifetime = options.nonceLifetimeMs ?? 300_000;
  }

  /** Header fields of a fresh challenge. */
  challenge(options: VerifyOptions, stale = false): DigestVerdict & { ok: false } {
    const name = options.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const nonce = createNonce(this.#options.secret, options.realm, this.#options.now());
    const headers = (this.#options.algorithms ?? DIGEST_ALGORITHMS).map((algorithm) => {
      const params: Array<[string, string]> = [['realm', options.realm], ['nonce', nonce], ['algorithm', algorithm], ['qop', 'auth']];
      if (stale) params.push(['stale', 'true']);
      return [name, formatAuthHeader('Digest', params)] as const;
    });
    return { ok: false, status: options.proxy ? 407 : 401, headers };
  }

  async verify(request: SipRequest, options: VerifyOptions): Promise<DigestVerdict> {
    const credentials = this.#findCredentials(request, options);
    if (credentials === undefined) return this.challenge(options);
    const p = credentials.params;
    const username = p.get('username');
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    const algorithm = toDigestAlgorithm(p.get('algorithm'));
    const offered = this.#options.algorithms ?? DIGEST_ALGORITHMS;
    if (username === undefined || nonce === undefined || uri === undefined || response === undefined || algorithm === undefined || !offered.includes(algorithm)) {
      return this.challenge(options);
    }
    // We always offer qop=auth, and without it nonce-count replay protection is impossible.
    const nc = p.get('nc');
    const cnonce = p.get('cnonce');
    if (p.get('qop')?.toLowerCase() !== 'auth' || nc === undefined || !/^[0-9a-fA-F]{8}$/.test(nc) || cnonce === undefined) {
      return this.challenge(options);
    }
    const nonceCheck = checkNonce(this.#options.secret, options.realm, nonce);
    const storedHa1 = await this.#options.lookupHa1(username, options.realm, algorithm);
    // An unknown user costs the same hashing as a known one and gets the same challenge.
    const ha1 = storedHa1 ?? digestHash(algorithm, `${randomBytes(16).toString('hex')}:${options.realm}:`);
    const expected = computeDigestResponse({ algorithm, ha1, method: request.method, uri, nonce, qop: { nc, cnonce } });
    const matches = response.length === expected.length && timingSafeEqual(Buffer.from(response.toLowerCase()), Buffer.from(expected));
    if (!nonceCheck.valid || storedHa1 === undefined || !matches) return this.challenge(options);

    const now = this.#options.now();
    this.#prune(now);
    if (now - nonceCheck.issuedAt > this.#lifetime) return this.challenge(options, true);
    const count = parseInt(nc, 16);
    const seen = this.#nonceCounts.get(nonce);
    if (seen !== undefined && count <= seen.nc) return this.challenge(options);
    this.#nonceCounts.set(nonce, { nc: count, issuedAt: nonceCheck.issuedAt });
    return { ok: true, username };
  }

  /** Nonces whose counts are remembered (for leak checks). */
  get trackedNonces(): number {
    return this.#nonceCounts.size;
  }

  #findCredentials(request: SipRequest, options: VerifyOptions): AuthHeaderValue | undefined {
    // §22.3: a request may carry credentials for several realms; use the one for ours.
    for (const value of request.headers.getAll(options.proxy ? 'Proxy-Authorization' : 'Authorization')) {
      try {
        const parsed = parseAuthHeader(value);
        if (parsed.scheme.toLowerCase() === 'digest' && parsed.params.get('realm') === options.realm) return parsed;
      } catch {
        // Malformed credentials are treated as absent: the answer is a fresh challenge.
      }
    }
    return undefined;
  }

  #prune(now: number): void {
    for (const [nonce, entry] of this.#nonceCounts) {
      if (now - entry.issuedAt > this.#lifetime) this.#nonceCounts.delete(nonce);
    }
  }
}
