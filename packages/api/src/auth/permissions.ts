import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Store, UserRecord } from '@vaxel/store';
import { forbidden, HttpProblem, unauthorized } from '../problem.ts';
import { hashToken, sameHash } from './tokens.ts';
import type { Clock } from '../deps.ts';

/**
 * What a route needs, declared in its route config (`config: { permission }`) and enforced by the
 * one hook below (the authorisation matrix test reads the same declaration):
 * - `public`: anyone (health, login, OpenAPI).
 * - `account`: any logged-in person (me, logout).
 * - `member`: a user of the organisation in the path (`:orgId`).
 * - `phone_system`: a user of that organisation holding the phone_system permission (R4).
 * - `involved`: a user of that organisation; the service shows a phone_system holder everything
 *   and anyone else only what concerns them (their own calls' recordings, those of the groups
 *   they supervise), answering 403 `forbidden` for the rest. Lists are filtered, never refused.
 * - `supervisor`: a user of that organisation who holds phone_system or supervises the response
 *   group in the path (`:groupId`, R19): the live view and logging the group's agents in and out.
 *   Anyone else is refused with 403 `forbidden`, also for a group id that does not exist (so the
 *   answer tells a non-supervisor nothing about which groups there are).
 * - `operator`: the operator bearer token (R1).
 */
export type RoutePermission = 'public' | 'account' | 'member' | 'involved' | 'supervisor' | 'phone_system' | 'operator';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Set on `member`, `involved`, `supervisor` and `phone_system` routes: the caller's user in the path's organisation. */
    member: Member | null;
  }
}

export type Principal =
  { kind: 'account'; accountId: string; tokenHash: string; via: 'cookie' | 'bearer' } | { kind: 'operator' };

export type Member = { organisationId: string; user: UserRecord };

export const sessionCookie = 'vaxel_session';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How often a session's "last used" time is written: not on every request. */
const touchIntervalMs = 60_000;

type SessionDeps = { store: Store; clock: Clock };

/** The caller's user in the request's organisation, for services (set by the hook). */
export function memberOf(request: FastifyRequest): Member {
  if (!request.member)
    throw new Error('route without member/involved/supervisor/phone_system permission asked for the member');
  return request.member;
}

export function createAuthorizationHook(deps: { store: Store; operatorTokenHash: string | undefined; clock: Clock }) {
  return async function authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.principal = null;
    request.member = null;
    const permission = request.routeOptions.config.permission;
    if (permission === undefined) {
      // An API route that forgot to declare is closed, not open; the console's files and /docs are public.
      if (request.routeOptions.url?.startsWith('/api/')) throw forbidden('This route declares no permission.');
      return;
    }
    if (permission === 'public') return;

    const credential = readCredential(request);
    if (!credential) throw unauthorized();

    if (permission === 'operator') {
      if (credential.via === 'bearer' && (await isOperatorToken(deps, credential.token))) {
        request.principal = { kind: 'operator' };
        return;
      }
      // A valid user session on an operator route is forbidden; anything else is unauthenticated.
      const session = await findSession(deps, credential.token);
      if (session) throw forbidden('Operator routes need the operator token.');
      throw unauthorized();
    }

    const session = await findSession(deps, credential.token);
    if (!session) throw unauthorized();
    request.principal = {
      kind: 'account',
      accountId: session.accountId,
      tokenHash: session.tokenHash,
      via: credential.via,
    };

    // CSRF guard: a browser sends the cookie by itself; only our console adds this header.
    if (crossSiteRisk(request, credential.via)) {
      throw forbidden('Console requests must send the header X-Requested-With: vaxel.');
    }
    if (permission === 'account') return;

    const organisationId = (request.params as Record<string, unknown>).orgId;
    if (typeof organisationId !== 'string') throw new Error(`route ${request.routeOptions.url} needs :orgId`);
    const users = await deps.store.users.listByAccount(session.accountId);
    const user = users.find((u) => u.organisationId === organisationId);
    // Whether or not the organisation exists, a stranger learns nothing about it (not even its id echoed).
    if (!user) throw new HttpProblem(404, 'not_found', 'No such organisation among yours.');
    request.member = { organisationId, user };
    if (permission === 'phone_system' && !user.permissions.includes('phone_system')) {
      throw forbidden('Phone system settings need the phone_system permission (ask an administrator).');
    }
    if (permission === 'supervisor' && !user.permissions.includes('phone_system')) {
      const groupId = (request.params as Record<string, unknown>).groupId;
      if (typeof groupId !== 'string') throw new Error(`route ${request.routeOptions.url} needs :groupId`);
      const group = await deps.store.responseGroups.get(organisationId, groupId);
      if (!group?.supervisorIds.includes(user.id)) {
        throw forbidden("This is for the group's supervisors and for users with the phone_system permission.");
      }
    }
  };
}

/** A cookie on an unsafe method without the console's header may have been sent by another site. */
function crossSiteRisk(request: FastifyRequest, via: 'cookie' | 'bearer'): boolean {
  return via === 'cookie' && unsafeMethods.has(request.method) && request.headers['x-requested-with'] !== 'vaxel';
}

/**
 * The session a public route's request carries, if any (accepting an invitation while logged in).
 * A cookie on an unsafe method counts only with the console's CSRF header: otherwise another site
 * could make a logged-in person accept an invitation they never saw.
 */
export async function optionalSession(
  deps: SessionDeps,
  request: FastifyRequest,
): Promise<{ accountId: string; tokenHash: string } | null> {
  const credential = readCredential(request);
  if (!credential || crossSiteRisk(request, credential.via)) return null;
  return findSession(deps, credential.token);
}

function readCredential(request: FastifyRequest): { token: string; via: 'cookie' | 'bearer' } | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(header);
    return match?.[1] ? { token: match[1], via: 'bearer' } : null;
  }
  const cookie = request.cookies?.[sessionCookie];
  if (typeof cookie === 'string' && /^[A-Za-z0-9_-]{20,200}$/.test(cookie)) return { token: cookie, via: 'cookie' };
  return null;
}

/** The configured operator token, or one kept (hashed) in the store since the first start. */
async function isOperatorToken(
  deps: SessionDeps & { operatorTokenHash: string | undefined },
  token: string,
): Promise<boolean> {
  const tokenHash = hashToken(token);
  if (deps.operatorTokenHash && sameHash(tokenHash, deps.operatorTokenHash)) return true;
  const stored = await deps.store.accounts.getToken(tokenHash);
  return stored?.kind === 'operator' && stored.expiresAt > deps.clock.now().toISOString();
}

async function findSession(deps: SessionDeps, token: string) {
  const tokenHash = hashToken(token);
  const stored = await deps.store.accounts.getToken(tokenHash);
  if (!stored || stored.kind !== 'session' || !stored.accountId) return null;
  const now = deps.clock.now();
  if (stored.expiresAt <= now.toISOString()) return null;
  if (stored.lastUsedAt === null || now.getTime() - Date.parse(stored.lastUsedAt) >= touchIntervalMs) {
    await deps.store.accounts.touchToken(tokenHash, now.toISOString());
  }
  return { accountId: stored.accountId, tokenHash };
}
