import type { Me, Membership } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import type { SecurityEventSink } from '../audit/securityEvents.ts';
import type { Clock } from '../deps.ts';
import { HttpProblem, unauthorized } from '../problem.ts';
import { LoginThrottle } from './loginThrottle.ts';
import { verifyAgainstNothing, verifyPassword } from './password.ts';
import { hashToken, newToken } from './tokens.ts';

export class AuthService {
  readonly #throttle: LoginThrottle;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessionTtlMs: number,
    failuresPerAccount?: number,
    private readonly events?: SecurityEventSink,
  ) {
    this.#throttle = new LoginThrottle(clock, failuresPerAccount);
  }

  /** Checks the password and opens a session; the token is returned once and stored only hashed. */
  async login(email: string, password: string, address = ''): Promise<{ token: string; expiresAt: string; me: Me }> {
    const normalized = email.trim().toLowerCase();
    const wait = this.#throttle.retryAfterMs(normalized);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      const known = await this.store.accounts.getByEmail(normalized);
      await this.events?.record({ type: 'login_throttled', accountId: known?.id ?? null, email: normalized, address, detail: { retryAfterSeconds: seconds } });
      throw new HttpProblem(429, 'rate_limited', `Too many failed logins for this account. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
    }
    const account = await this.store.accounts.getByEmail(normalized);
    const ok = account?.passwordHash
      ? await verifyPassword(password, account.passwordHash)
      : await verifyAgainstNothing(password);
    if (!account || !ok) {
      this.#throttle.recordFailure(normalized);
      await this.events?.record({ type: 'login_failed', accountId: account?.id ?? null, email: normalized, address });
      throw unauthorized();
    }
    this.#throttle.recordSuccess(normalized);
    await this.events?.record({ type: 'login_succeeded', accountId: account.id, email: account.email, address });
    const token = newToken();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs).toISOString();
    await this.store.accounts.createToken({
      tokenHash: hashToken(token),
      accountId: account.id,
      kind: 'session',
      expiresAt,
      createdAt: now.toISOString(),
    });
    await this.store.accounts.deleteExpiredTokens(now.toISOString());
    return { token, expiresAt, me: await this.me(account.id) };
  }

  async logout(tokenHash: string): Promise<void> {
    await this.store.accounts.deleteToken(tokenHash);
  }

  /** The person and every organisation they belong to, with their permissions there (R5). */
  async me(accountId: string): Promise<Me> {
    const account = await this.store.accounts.get(accountId);
    if (!account) throw unauthorized();
    const users = await this.store.users.listByAccount(accountId);
    const organisations: Membership[] = [];
    for (const user of users) {
      const organisation = await this.store.organisations.get(user.organisationId);
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
    return { accountId: account.id, email: account.email, name: account.name || users[0]?.name || account.email, organisations };
  }
}
