import type { Registration, RegistrationRepository, UserRecord, UserRepository } from '@vaxel/store';
import {
  createResponse,
  formatUri,
  getContacts,
  getTo,
  isCountedDigestFailure,
  isSipUri,
  type DigestAlgorithm,
  type DigestVerdict,
  type SipRequest,
  type SipResponse,
  type VerifyOptions,
} from '@vaxel/sip';
import type { AuthGuard } from './authGuard.ts';
import { planBindings, type ExpiryLimits, type RequestedContact } from './bindingPlan.ts';

/** Every user's HA1 is computed for this realm (UserRecord.sipHa1Md5 / sipHa1Sha256). */
export const SIP_REALM = 'vaxel';

/** Where a request came from, as the transport saw it. */
export interface SipSource {
  transport: 'udp' | 'tcp';
  address: string;
  port: number;
}

export const formatSource = (source: SipSource) => `${source.transport}:${source.address}:${source.port}`;

export function parseSource(text: string): SipSource | null {
  const match = /^(udp|tcp):(.+):(\d+)$/.exec(text);
  return match ? { transport: match[1] as 'udp' | 'tcp', address: match[2]!, port: Number(match[3]) } : null;
}

/** The digest check the registrar and the B2BUA share (a DigestServer from @vaxel/sip). */
export interface DigestVerifier {
  verify(request: SipRequest, options: VerifyOptions): Promise<DigestVerdict>;
}

/** HA1 lookup for DigestServer: by SIP username, for the realm and algorithm asked. */
export async function lookupHa1(
  users: Pick<UserRepository, 'findBySipUsername'>,
  username: string,
  realm: string,
  algorithm: DigestAlgorithm,
): Promise<string | undefined> {
  if (realm !== SIP_REALM) return undefined;
  const user = await users.findBySipUsername(username);
  if (!user) return undefined;
  return (algorithm === 'MD5' ? user.sipHa1Md5 : user.sipHa1Sha256) ?? undefined;
}

export type AuthResult = { ok: true; user: UserRecord } | { ok: false; response: SipResponse };

/**
 * Digest authentication with brute-force protection, for REGISTER (401) and INVITE (407,
 * toll-fraud protection). Banned addresses never get here (the switch drops their requests).
 *
 * A refused (user, address) pair gets 403 with Retry-After, not a silent drop: the address may
 * be an office's NAT address where a colleague's phone is fine, and 403 tells a phone with a
 * wrong password to stop retrying (§21.4.4 "authorization will not help"), which a drop would
 * not (it retransmits). Its digest is still checked, so a guesser hammering the refused pair
 * keeps counting towards the address's ban; the answer is 403 whatever the digest was, so the
 * check tells the guesser nothing.
 */
export class SipAuthenticator {
  constructor(
    readonly digest: DigestVerifier,
    readonly users: Pick<UserRepository, 'findBySipUsername'>,
    readonly guard: AuthGuard,
  ) {}

  async authenticate(request: SipRequest, source: SipSource, proxy: boolean): Promise<AuthResult> {
    const verdict = await this.digest.verify(request, { realm: SIP_REALM, proxy, client: source.address });
    const username = verdict.username;
    const counted = isCountedDigestFailure(verdict);
    if (username !== undefined && counted) this.guard.recordFailure(source.address, username, request.method);
    const refusedFor = username === undefined ? 0 : this.guard.pairRefusedSeconds(source.address, username);
    if (refusedFor > 0) {
      return {
        ok: false,
        response: createResponse(request, 403, {
          toTag: tag(),
          headers: [
            ['Retry-After', String(refusedFor)],
            ['Warning', '399 vaxel "Too many failed authentication attempts"'],
          ],
        }),
      };
    }
    if (!verdict.ok) {
      return { ok: false, response: createResponse(request, verdict.status, { headers: verdict.headers }) };
    }
    const user = await this.users.findBySipUsername(verdict.username);
    if (!user) return { ok: false, response: createResponse(request, 403) };
    this.guard.recordSuccess(source.address, verdict.username);
    return { ok: true, user };
  }
}

export interface RegistrarOptions {
  authenticator: SipAuthenticator;
  registrations: RegistrationRepository;
  limits?: Partial<ExpiryLimits>;
  now: () => number;
  onChange?: (organisationId: string, userId: string) => void;
  /** A device bound from this address until then (the SIP edge trusts registered addresses more). */
  onBound?: (address: string, expiresAtMs: number) => void;
}

/**
 * The registrar (RFC 3261 §10.3): binds a user's address-of-record to the contacts of their
 * devices. Bindings live in the store so the API can show online devices and every switch
 * node sees them.
 */
export class Registrar {
  readonly #options: RegistrarOptions;
  readonly #limits: ExpiryLimits;

  constructor(options: RegistrarOptions) {
    this.#options = options;
    this.#limits = { minSeconds: 60, maxSeconds: 3600, defaultSeconds: 3600, ...options.limits };
  }

  get limits(): ExpiryLimits {
    return this.#limits;
  }

  async handle(request: SipRequest, source: SipSource): Promise<SipResponse> {
    // §10.3 step 1: the Request-URI names the domain; this registrar serves every domain it is
    // reached under (a hosted PBX reached by IP or name), so any sip/sips URI is ours.
    if (!isSipUri(request.uri)) return createResponse(request, 416);
    // Step 5's address-of-record must be a SIP or SIPS URI; a To that cannot be one is a bad
    // request whoever sends it, so it is refused before authentication (RFC 4475 §3.3.4 unksm2:
    // "a registrar rejects 400"), without the cost of a challenge round.
    if (!isSipUri(getTo(request).uri))
      return createResponse(request, 400, { reason: 'To Must Be A SIP URI', toTag: tag() });

    // Steps 2–3 (Require, authentication).
    const auth = await this.#options.authenticator.authenticate(request, source, false);
    if (!auth.ok) return auth.response;
    const user = auth.user;

    // Step 5: "The registrar extracts the address-of-record from the To header field ... If the
    // address-of-record is not valid for the domain ... the registrar MUST send a 404". Step 6:
    // the authenticated user must be allowed to change this AOR; only their own.
    const to = getTo(request);
    if (!isSipUri(to.uri) || to.uri.user === undefined) return createResponse(request, 404, { toTag: tag() });
    if (to.uri.user !== user.sipUsername) {
      return createResponse(request, 403, {
        toTag: tag(),
        headers: [['Warning', '399 vaxel "You may only register your own address"']],
      });
    }

    const contactValues = getContacts(request);
    const now = this.#options.now();
    const nowIso = new Date(now).toISOString();
    const registrations = this.#options.registrations;
    if (contactValues !== '*' && contactValues.length === 0) {
      // §10.2.4: a REGISTER without Contact is a query for the current bindings.
      return this.#okWithBindings(request, await registrations.listByUser(user.organisationId, user.id, nowIso), now);
    }
    const requested: RequestedContact[] | '*' =
      contactValues === '*'
        ? '*'
        : contactValues.map((c) => ({ uri: formatUri(c.uri), expiresParam: paramValue(c.params.get('expires')) }));
    const plan = planBindings(requested, request.headers.get('Expires'), this.#limits);
    if (!plan.ok)
      return createResponse(request, plan.status, { reason: plan.reason, toTag: tag(), headers: plan.headers });

    if (plan.removeAll) {
      for (const r of await registrations.listByUser(user.organisationId, user.id, nowIso)) {
        await registrations.remove(user.organisationId, user.id, r.contact);
      }
    } else {
      for (const binding of plan.bindings) {
        if (binding.expiresSeconds === 0) {
          await registrations.remove(user.organisationId, user.id, binding.uri);
          continue;
        }
        await registrations.upsert({
          organisationId: user.organisationId,
          userId: user.id,
          contact: binding.uri,
          source: formatSource(source),
          userAgent: request.headers.get('User-Agent')?.slice(0, 200) ?? null,
          expiresAt: new Date(now + binding.expiresSeconds * 1000).toISOString(),
          updatedAt: nowIso,
        });
        this.#options.onBound?.(source.address, now + binding.expiresSeconds * 1000);
      }
    }
    this.#options.onChange?.(user.organisationId, user.id);
    return this.#okWithBindings(request, await registrations.listByUser(user.organisationId, user.id, nowIso), now);
  }

  /** §10.3 step 8: "The response SHOULD contain a Contact header field value enumerating all current bindings". */
  #okWithBindings(request: SipRequest, bindings: Registration[], now: number): SipResponse {
    const headers: Array<[string, string]> = bindings.map((b) => [
      'Contact',
      `<${b.contact}>;expires=${Math.max(0, Math.round((Date.parse(b.expiresAt) - now) / 1000))}`,
    ]);
    headers.push(['Date', new Date(now).toUTCString()]);
    return createResponse(request, 200, { toTag: tag(), headers });
  }
}

function paramValue(value: string | null | undefined): string | null {
  return value === undefined ? null : value;
}

function tag(): string {
  return Math.random().toString(36).slice(2, 12);
}
