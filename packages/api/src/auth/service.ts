import type { Me, Membership } from '@vaxel/domain';
import type { Account, Store } from '@vaxel/store';
import type { SecurityEventSink } from '../audit/securityEvents.ts';
import type { Clock } from '../deps.ts';
import { HttpProblem, unauthorized } from '../problem.ts';
import type { LoginThrottle } from './loginThrottle.ts';
import { verifyAgainstNothing, verifyPassword } from './password.ts';
import type { RequestContext } from './requestContext.ts';
import { hashToken, newToken } from './tokens.ts';

export type OpenedSession = { token: string; expiresAt: string };

export type AuthServiceDeps = {
  store: Store;
  clock: Clock;
  sessionTtlMs: number;
  throttle: LoginThrottle;
  events: SecurityEventSink;
};

/** Logging in and out, sessions, and the one throttled check of an account's password. */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  /** Checks the password and opens a session; the token is returned once and stored only hashed. */
  async login(email: string, password: string, context: RequestContext): Promise<OpenedSession & { me: Me }> {
    const normalised = email.trim().toLowerCase();
    await this.#refuseWhileThrottled(normalised, context, 'login');
    const account = await this.deps.store.accounts.getByEmail(normalised);
    const ok = account?.passwordHash
      ? await verifyPassword(password, account.passwordHash)
      : await verifyAgainstNothing(password);
    if (!account || !ok) {
      await this.#failed(normalised, account?.id ?? null, context, 'login');
      throw unauthorized();
    }
    await this.deps.throttle.recordSuccess(context.address, normalised);
    const session = await this.openSession(account.id, context);
    await this.deps.events.record({
      type: 'login_succeeded',
      accountId: account.id,
      email: normalised,
      address: context.address,
    });
    return { ...session, me: await this.me(account.id) };
  }

  /**
   * The same throttled check for every other place that asks for an account's password
   * (accepting an invitation, changing the password): a guesser gains nothing by going there.
   */
  async checkPassword(
    account: Account,
    password: string,
    context: RequestContext,
    purpose: 'invitation' | 'password_change',
  ): Promise<boolean> {
    await this.#refuseWhileThrottled(account.email, context, purpose);
    const ok = account.passwordHash
      ? await verifyPassword(password, account.passwordHash)
      : await verifyAgainstNothing(password);
    if (!ok) {
      await this.#failed(account.email, account.id, context, purpose);
      return false;
    }
    await this.deps.throttle.recordSuccess(context.address, account.email);
    return true;
  }

  async openSession(accountId: string, context: RequestContext): Promise<OpenedSession> {
    const token = newToken();
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.deps.sessionTtlMs).toISOString();
    await this.deps.store.accounts.createToken({
      tokenHash: hashToken(token),
      accountId,
      kind: 'session',
      expiresAt,
      createdAt: now.toISOString(),
      address: context.address,
      userAgent: context.userAgent,
    });
    await this.deps.store.accounts.deleteExpiredTokens(now.toISOString());
    return { token, expiresAt };
  }

  async logout(tokenHash: string): Promise<void> {
    await this.deps.store.accounts.deleteToken(tokenHash);
  }

  /** The person and every organisation they have joined, with their permissions there (R5). */
  async me(accountId: string): Promise<Me> {
    const account = await this.deps.store.accounts.get(accountId);
    if (!account) throw unauthorized();
    const users = await this.deps.store.users.listByAccount(accountId);
    const organisations: Membership[] = [];
    for (const user of users) {
      const organisation = await this.deps.store.organisations.get(user.organisationId);
      if (!organisation) continue;
      organisations.push({
        organisationId: organisation.id,
        organisationName: organisation.name,
        userId: user.id,
        language: organisation.language,
        timeZone: organisation.timeZone,
        country: organisation.country,
        permissions: user.permissions,
      });
    }
    organisations.sort((a, b) => a.organisationName.localeCompare(b.organisationName));
    return {
      accountId: account.id,
      email: account.email,
      name: account.name || users[0]?.name || account.email,
      organisations,
    };
  }

  async #refuseWhileThrottled(email: string, context: RequestContext, purpose: string): Promise<void> {
    const wait = await this.deps.throttle.retryAfterMs(context.address, email);
    if (wait <= 0) return;
    const seconds = Math.ceil(wait / 1000);
    const account = await this.deps.store.accounts.getByEmail(email);
    await this.deps.events.record({
      type: 'login_throttled',
      accountId: account?.id ?? null,
      email,
      address: context.address,
      detail: { purpose, retryAfterSeconds: seconds },
    });
    throw new HttpProblem(429, 'rate_limited', `Too many failed attempts. Try again in ${seconds} seconds.`, {
      retryAfterSeconds: seconds,
    });
  }

  async #failed(email: string, accountId: string | null, context: RequestContext, purpose: string): Promise<void> {
    await this.deps.throttle.recordFailure(context.address, email);
    await this.deps.events.record({
      type: 'login_failed',
      accountId,
      email,
      address: context.address,
      detail: { purpose },
    });
  }
}
