/**
 * The server side of SIP Digest authentication (RFC 3261 §22.2 / §22.3, RFC 2617 qop=auth,
 * RFC 8760 SHA-256):
 *
 * - challenges offer SHA-256 first and MD5 second (RFC 8760 §2.4: "the UAS ... MAY include
 *   multiple WWW-Authenticate header fields ... in order of preference");
 * - only HA1 per realm and algorithm is looked up, never a password;
 * - nonces are HMAC-signed with their time of issue and expire after `nonceLifetimeMs`; an
 *   answer on an expired nonce of ours gets a challenge with stale=true (RFC 7616 §3.3 "stale":
 *   "the request from the client was rejected because the nonce value was stale"; RFC 3261
 *   §22.4), whatever its response — checking the response first would make an expired nonce an
 *   uncounted password oracle (stale=true only for the right password);
 * - nonce-count must grow for each nonce, so a captured Authorization cannot be replayed;
 * - an unknown user gets exactly the challenge a wrong password gets, after the same amount of
 *   hashing, so responses do not reveal which usernames exist.
 *
 * Every refusal says why (`DigestFailure`), so that a brute-force guard counts only real guesses
 * (`isCountedDigestFailure`): a digest that answered a nonce this server issued, still valid, with
 * a wrong response or for an unknown user. Anyone can invent a nonce or send junk from a spoofed
 * address, so those must not count against the address (issue 10: ten forged REGISTERs locked out
 * a whole office's NAT address).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { SipRequest } from '../message/message.ts';
import {
  computeDigestResponse,
  DIGEST_ALGORITHMS,
  digestHash,
  toDigestAlgorithm,
  type DigestAlgorithm,
} from './digest-hash.ts';
import { formatAuthHeader, parseAuthHeader, type AuthHeaderValue } from './digest-params.ts';
import { checkNonce, createNonce } from './nonce.ts';

export interface DigestServerOptions {
  /** Key that signs nonces; share it between nodes that must accept each other's nonces. */
  readonly secret: Buffer;
  /** HA1 = H(username:realm:password) for this algorithm, or undefined for an unknown user. */
  readonly lookupHa1: (
    username: string,
    realm: string,
    algorithm: DigestAlgorithm,
  ) => string | undefined | Promise<string | undefined>;
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
  /**
   * The requester's address: nonces are issued to it and accepted only from it (see nonce.ts).
   * An answer from elsewhere is an `unknown_nonce`, never a counted failure.
   */
  readonly client?: string;
}

/**
 * Why a request was challenged:
 * - `no_credentials`: none for our realm (the normal first step of the handshake, §22.2);
 * - `malformed`: credentials that do not parse or lack what qop=auth needs;
 * - `unknown_nonce`: a nonce this server did not sign (forged, another realm, another secret);
 * - `stale_nonce`: our nonce, expired (challenged with stale=true);
 * - `replayed`: a correct answer whose nonce-count did not grow;
 * - `wrong_response`: our valid nonce, a known user, a wrong response (a wrong password);
 * - `unknown_user`: our valid nonce, a username nobody has.
 */
export type DigestFailure =
  'no_credentials' | 'malformed' | 'unknown_nonce' | 'stale_nonce' | 'replayed' | 'wrong_response' | 'unknown_user';

export type DigestVerdict =
  | { readonly ok: true; readonly username: string }
  | {
      readonly ok: false;
      readonly status: 401 | 407;
      readonly headers: ReadonlyArray<readonly [string, string]>;
      readonly failure: DigestFailure;
      /** The username the credentials named, when they parsed. */
      readonly username?: string;
    };

/** Only a wrong answer to a nonce we issued that is still valid is a guess worth counting. */
export function isCountedDigestFailure(verdict: DigestVerdict): boolean {
  return !verdict.ok && (verdict.failure === 'wrong_response' || verdict.failure === 'unknown_user');
}

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
  challenge(
    options: VerifyOptions,
    failure: DigestFailure = 'no_credentials',
    username?: string,
  ): DigestVerdict & { ok: false } {
    const stale = failure === 'stale_nonce';
    const name = options.proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
    const nonce = createNonce(this.#options.secret, options.realm, this.#options.now(), options.client);
    const headers = (this.#options.algorithms ?? DIGEST_ALGORITHMS).map((algorithm) => {
      const params: Array<[string, string]> = [
        ['realm', options.realm],
        ['nonce', nonce],
        ['algorithm', algorithm],
        ['qop', 'auth'],
      ];
      if (stale) params.push(['stale', 'true']);
      return [name, formatAuthHeader('Digest', params)] as const;
    });
    return {
      ok: false,
      status: options.proxy ? 407 : 401,
      headers,
      failure,
      ...(username !== undefined ? { username } : {}),
    };
  }

  async verify(request: SipRequest, options: VerifyOptions): Promise<DigestVerdict> {
    const credentials = this.#findCredentials(request, options);
    if (credentials === 'malformed') return this.challenge(options, 'malformed');
    if (credentials === undefined) return this.challenge(options);
    const p = credentials.params;
    const username = p.get('username');
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    const algorithm = toDigestAlgorithm(p.get('algorithm'));
    const offered = this.#options.algorithms ?? DIGEST_ALGORITHMS;
    if (
      username === undefined ||
      nonce === undefined ||
      uri === undefined ||
      response === undefined ||
      algorithm === undefined ||
      !offered.includes(algorithm)
    ) {
      return this.challenge(options, 'malformed', username);
    }
    // We always offer qop=auth, and without it nonce-count replay protection is impossible.
    const nc = p.get('nc');
    const cnonce = p.get('cnonce');
    if (
      p.get('qop')?.toLowerCase() !== 'auth' ||
      nc === undefined ||
      !/^[0-9a-fA-F]{8}$/.test(nc) ||
      cnonce === undefined
    ) {
      return this.challenge(options, 'malformed', username);
    }
    // The nonce is judged before any password: a forged or expired one says nothing about the
    // password, so it is neither a guess to count nor an answer to check.
    const nonceCheck = checkNonce(this.#options.secret, options.realm, nonce, options.client);
    if (!nonceCheck.valid) return this.challenge(options, 'unknown_nonce', username);
    const now = this.#options.now();
    this.#prune(now);
    if (now - nonceCheck.issuedAt > this.#lifetime) return this.challenge(options, 'stale_nonce', username);

    const storedHa1 = await this.#options.lookupHa1(username, options.realm, algorithm);
    // An unknown user costs the same hashing as a known one and gets the same challenge.
    const ha1 = storedHa1 ?? digestHash(algorithm, `${randomBytes(16).toString('hex')}:${options.realm}:`);
    const expected = computeDigestResponse({ algorithm, ha1, method: request.method, uri, nonce, qop: { nc, cnonce } });
    const matches =
      response.length === expected.length &&
      timingSafeEqual(Buffer.from(response.toLowerCase()), Buffer.from(expected));
    if (storedHa1 === undefined) return this.challenge(options, 'unknown_user', username);
    if (!matches) return this.challenge(options, 'wrong_response', username);

    const count = parseInt(nc, 16);
    const seen = this.#nonceCounts.get(nonce);
    if (seen !== undefined && count <= seen.nc) return this.challenge(options, 'replayed', username);
    this.#nonceCounts.set(nonce, { nc: count, issuedAt: nonceCheck.issuedAt });
    return { ok: true, username };
  }

  /** Nonces whose counts are remembered (for leak checks). */
  get trackedNonces(): number {
    return this.#nonceCounts.size;
  }

  #findCredentials(request: SipRequest, options: VerifyOptions): AuthHeaderValue | 'malformed' | undefined {
    // §22.3: a request may carry credentials for several realms; use the one for ours.
    let malformed = false;
    for (const value of request.headers.getAll(options.proxy ? 'Proxy-Authorization' : 'Authorization')) {
      try {
        const parsed = parseAuthHeader(value);
        if (parsed.scheme.toLowerCase() === 'digest' && parsed.params.get('realm') === options.realm) return parsed;
      } catch {
        // Malformed credentials get a fresh challenge, like absent ones, but are told apart.
        malformed = true;
      }
    }
    return malformed ? 'malformed' : undefined;
  }

  #prune(now: number): void {
    for (const [nonce, entry] of this.#nonceCounts) {
      if (now - entry.issuedAt > this.#lifetime) this.#nonceCounts.delete(nonce);
    }
  }
}
