import type { PasswordChange, PasswordResetDetails, PasswordResetIssued, Session } from '@vaxel/domain';
import { NotFound } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import type { SecurityEventSink } from '../audit/securityEvents.ts';
import type { Clock } from '../deps.ts';
import type { Mailer } from '../mail/mailer.ts';
import { passwordResetMail } from '../mail/messages.ts';
import { HttpProblem, unauthorized } from '../problem.ts';
import { assertPasswordAllowed } from './commonPasswords.ts';
import { hashPassword } from './password.ts';
import type { RequestContext } from './requestContext.ts';
import type { AuthService } from './service.ts';
import { hashToken, newToken } from './tokens.ts';

/** The logged-in account and the session it uses now. */
export type AccountPrincipal = { accountId: string; tokenHash: string };

export type AccountServiceDeps = {
  store: Store;
  clock: Clock;
  auth: AuthService;
  events: SecurityEventSink;
  mailer: Mailer | null;
  publicUrl: string;
  resetTtlMs: number;
  log: { error(details: object, message: string): void };
};

/** One reset e-mail per account a minute at most, whoever asks: a reset link is no mail bomb. */
const resetEmailIntervalMs = 60_000;

const resetInvalid = () =>
  new HttpProblem(
    404,
    'password_reset_not_found',
    'This reset link does not work: it was used already, expired, or never existed. Ask for a new one.',
  );

/** A person's own account: their password, their sessions, and resetting a forgotten password. */
export class AccountService {
  constructor(private readonly deps: AccountServiceDeps) {}

  /** Needs the current password; ends every other session, keeps this one. */
  async changePassword(principal: AccountPrincipal, input: PasswordChange, context: RequestContext): Promise<void> {
    const account = await this.deps.store.accounts.get(principal.accountId);
    if (!account) throw unauthorized();
    if (!(await this.deps.auth.checkPassword(account, input.currentPassword, context, 'password_change'))) {
      throw new HttpProblem(400, 'wrong_password', 'The current password is not right.', {
        errors: [{ path: 'currentPassword', message: 'is not your current password' }],
      });
    }
    assertPasswordAllowed(input.newPassword, account.email, 'newPassword');
    await this.deps.store.accounts.setPasswordHash(account.id, await hashPassword(input.newPassword));
    const ended = await this.deps.store.accounts.deleteSessions(account.id, { exceptTokenHash: principal.tokenHash });
    const event = { accountId: account.id, email: account.email, address: context.address };
    await this.deps.events.record({ type: 'password_changed', ...event });
    await this.deps.events.record({
      type: 'sessions_revoked',
      ...event,
      detail: { sessions: ended, reason: 'password_changed' },
    });
  }

  async sessions(principal: AccountPrincipal): Promise<Session[]> {
    const sessions = await this.deps.store.accounts.listSessions(
      principal.accountId,
      this.deps.clock.now().toISOString(),
    );
    return sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      expiresAt: s.expiresAt,
      address: s.address,
      userAgent: s.userAgent,
      current: s.tokenHash === principal.tokenHash,
    }));
  }

  /** Ends one session of one's own; says whether it was the one in use. */
  async revokeSession(
    principal: AccountPrincipal,
    sessionId: string,
    context: RequestContext,
  ): Promise<{ current: boolean }> {
    const current = (await this.deps.store.accounts.getToken(principal.tokenHash))?.id === sessionId;
    if (!(await this.deps.store.accounts.deleteSession(principal.accountId, sessionId)))
      throw new NotFound('Session', sessionId);
    await this.#revoked(principal.accountId, context, 1, 'logged_out_session');
    return { current };
  }

  /** "Log out everywhere": every session, this one too. */
  async revokeAll(principal: AccountPrincipal, context: RequestContext): Promise<void> {
    const ended = await this.deps.store.accounts.deleteSessions(principal.accountId);
    await this.#revoked(principal.accountId, context, ended, 'logged_out_everywhere');
  }

  /**
   * Answers nothing, whether or not the email has an account (no enumeration): everything,
   * looking the account up included, happens in the background, so the answer also takes the
   * same time either way. Without SMTP nobody can be reached and nothing happens.
   */
  requestReset(email: string, context: RequestContext): void {
    if (!this.deps.mailer) return;
    const mailer = this.deps.mailer;
    void this.#emailReset(mailer, email, context).catch((error: unknown) =>
      this.deps.log.error({ err: error }, 'the password reset e-mail could not be sent'),
    );
  }

  async #emailReset(mailer: Mailer, email: string, context: RequestContext): Promise<void> {
    const account = await this.deps.store.accounts.getByEmail(email);
    if (!account) return;
    const now = this.deps.clock.now();
    const last = await this.deps.store.accounts.lastPasswordResetAt(account.id);
    if (last && now.getTime() - Date.parse(last) < resetEmailIntervalMs) return;
    const issued = await this.#issueReset(account.id, now);
    await this.deps.events.record({
      type: 'password_reset_requested',
      accountId: account.id,
      email: account.email,
      address: context.address,
    });
    const memberships = await this.deps.store.users.listByAccount(account.id);
    const organisation = memberships[0] ? await this.deps.store.organisations.get(memberships[0].organisationId) : null;
    await mailer.send(
      passwordResetMail({
        to: account.email,
        url: issued.url,
        expiresAt: issued.expiresAt,
        language: organisation?.language ?? 'en',
        timeZone: organisation?.timeZone ?? 'UTC',
      }),
    );
  }

  /** The operator hands a reset link over by other means (there is no other way without SMTP). */
  async issueResetForOperator(email: string, context: RequestContext): Promise<PasswordResetIssued> {
    const account = await this.deps.store.accounts.getByEmail(email);
    if (!account) throw new NotFound('Account', email);
    const issued = await this.#issueReset(account.id, this.deps.clock.now());
    await this.deps.events.record({
      type: 'password_reset_requested',
      accountId: account.id,
      email: account.email,
      address: context.address,
      actorAccountId: null,
      detail: { by: 'operator' },
    });
    return issued;
  }

  async resetDetails(token: string): Promise<PasswordResetDetails> {
    const { account, reset } = await this.#lookUpReset(token);
    return { email: account.email, expiresAt: reset.expiresAt };
  }

  /** Sets the new password, ends every session of the account, and makes every reset link void. */
  async completeReset(token: string, password: string, context: RequestContext): Promise<void> {
    const { account } = await this.#lookUpReset(token);
    assertPasswordAllowed(password, account.email);
    const passwordHash = await hashPassword(password);
    const ended = await this.deps.store.transaction(async (tx) => {
      // Single use: only the request that still finds the reset goes on.
      if ((await tx.accounts.deletePasswordResets(account.id)) === 0) throw resetInvalid();
      await tx.accounts.setPasswordHash(account.id, passwordHash);
      return tx.accounts.deleteSessions(account.id);
    });
    const event = { accountId: account.id, email: account.email, address: context.address };
    await this.deps.events.record({ type: 'password_reset', ...event });
    await this.deps.events.record({
      type: 'sessions_revoked',
      ...event,
      detail: { sessions: ended, reason: 'password_reset' },
    });
  }

  async #issueReset(accountId: string, now: Date): Promise<PasswordResetIssued> {
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.deps.resetTtlMs).toISOString();
    await this.deps.store.accounts.createPasswordReset({
      tokenHash: hashToken(token),
      accountId,
      createdAt: now.toISOString(),
      expiresAt,
    });
    return { token, url: `${this.deps.publicUrl}/password-reset/${token}`, expiresAt };
  }

  async #lookUpReset(token: string) {
    const reset = await this.deps.store.accounts.getPasswordReset(hashToken(token));
    if (!reset || reset.expiresAt <= this.deps.clock.now().toISOString()) throw resetInvalid();
    const account = await this.deps.store.accounts.get(reset.accountId);
    if (!account) throw resetInvalid();
    return { reset, account };
  }

  async #revoked(accountId: string, context: RequestContext, sessions: number, reason: string): Promise<void> {
    const account = await this.deps.store.accounts.get(accountId);
    await this.deps.events.record({
      type: 'sessions_revoked',
      accountId,
      email: account?.email ?? '',
      address: context.address,
      detail: { sessions, reason },
    });
  }
}
