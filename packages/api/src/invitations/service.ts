import {
  Conflict,
  NotFound,
  RuleViolation,
  type InvitationAccept,
  type InvitationDetails,
  type InvitationIssued,
  type Me,
} from '@vaxel/domain';
import type { Account, Invitation, Repositories, Store } from '@vaxel/store';
import type { SecurityEventSink } from '../audit/securityEvents.ts';
import { assertPasswordAllowed } from '../auth/commonPasswords.ts';
import { hashPassword } from '../auth/password.ts';
import type { RequestContext } from '../auth/requestContext.ts';
import type { AuthService, OpenedSession } from '../auth/service.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Clock } from '../deps.ts';
import type { Mailer } from '../mail/mailer.ts';
import { invitationMail } from '../mail/messages.ts';
import { HttpProblem } from '../problem.ts';

/** Who does something to someone else's membership: an admin (their account) or the operator. */
export type Actor = { accountId: string | null; name: string | null; context: RequestContext };

export type IssuedToken = { token: string; expiresAt: string };

export type InvitationServiceDeps = {
  store: Store;
  clock: Clock;
  auth: AuthService;
  events: SecurityEventSink;
  mailer: Mailer | null;
  publicUrl: string;
  ttlMs: number;
  log: { error(details: object, message: string): void };
};

const invalid = () =>
  new HttpProblem(
    404,
    'invitation_not_found',
    'This invitation link does not work: it was used already, replaced by a newer one, or never existed.',
  );

/**
 * Whether a person already holds the account: it has a password, or it belongs to an
 * organisation. Only an unclaimed account may get its password from whoever accepts an
 * invitation; a claimed one is joined only by its holder (its password, or a session of it).
 */
export async function accountIsClaimed(repos: Repositories, account: Account): Promise<boolean> {
  return account.passwordHash !== null || (await repos.users.listByAccount(account.id)).length > 0;
}

/**
 * Invitations: how a person joins an organisation. The inviting admin gets the link once (and the
 * person gets it by e-mail when SMTP is configured); whether the email already has an account is
 * never shown to the admin. Accepting chooses the password of a new account, or proves to be the
 * holder of an existing one; it never changes an existing account's password.
 */
export class InvitationService {
  constructor(private readonly deps: InvitationServiceDeps) {}

  /** Inside the caller's transaction: the user's earlier invitations stop working, a new one starts. */
  async issue(
    tx: Repositories,
    organisationId: string,
    user: { id: string; email: string },
    actor: Actor,
  ): Promise<IssuedToken> {
    await tx.invitations.deleteForUser(organisationId, user.id);
    const token = newToken();
    const now = this.deps.clock.now();
    const expiresAt = new Date(now.getTime() + this.deps.ttlMs).toISOString();
    await tx.invitations.create(organisationId, {
      userId: user.id,
      email: user.email,
      tokenHash: hashToken(token),
      createdByAccountId: actor.accountId,
      createdAt: now.toISOString(),
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** After the transaction: e-mails the link when SMTP is configured, reports it, and hands it out once. */
  async announce(
    organisationId: string,
    invitee: { name: string; email: string; accountId: string },
    issued: IssuedToken,
    actor: Actor,
  ): Promise<InvitationIssued> {
    const url = `${this.deps.publicUrl}/invitation/${issued.token}`;
    let emailed = false;
    const organisation = await this.deps.store.organisations.get(organisationId);
    if (this.deps.mailer && organisation) {
      try {
        await this.deps.mailer.send(
          invitationMail({
            to: invitee.email,
            name: invitee.name,
            organisationName: organisation.name,
            invitedBy: actor.name,
            url,
            expiresAt: issued.expiresAt,
            language: organisation.language,
            timeZone: organisation.timeZone,
          }),
        );
        emailed = true;
      } catch (error) {
        // The admin still has the link to hand over; the failure is the operator's to fix.
        this.deps.log.error({ err: error }, 'the invitation e-mail could not be sent');
      }
    }
    await this.deps.events.record({
      type: 'invitation_created',
      accountId: invitee.accountId,
      email: invitee.email,
      address: actor.context.address,
      actorAccountId: actor.accountId,
      organisationIds: [organisationId],
      detail: { emailed },
    });
    return { token: issued.token, url, expiresAt: issued.expiresAt, emailed };
  }

  /** "Send a new invitation" for a pending user: a new link; the old one stops working. */
  async resend(organisationId: string, userId: string, actor: Actor): Promise<InvitationIssued> {
    const { record, issued } = await this.deps.store.transaction(async (tx) => {
      const user = await tx.users.get(organisationId, userId);
      const record = await tx.users.getRecord(organisationId, userId);
      if (!user || !record) throw new NotFound('User', userId);
      if (user.status === 'active') {
        throw new Conflict(
          'invitation_accepted',
          `${user.name} has already accepted the invitation and logs in with their own password.`,
        );
      }
      return { record, issued: await this.issue(tx, organisationId, record, actor) };
    });
    return this.announce(organisationId, record, issued, actor);
  }

  /** What the link's holder sees before accepting. */
  async details(token: string, sessionAccountId: string | null): Promise<InvitationDetails> {
    const { invitation, account, userName } = await this.#lookUp(token);
    const organisation = await this.deps.store.organisations.get(invitation.organisationId);
    return {
      organisationName: organisation?.name ?? '',
      name: userName,
      email: account.email,
      expiresAt: invitation.expiresAt,
      account: (await accountIsClaimed(this.deps.store, account)) ? 'existing' : 'new',
      signedIn: sessionAccountId === account.id,
    };
  }

  /**
   * Accepts: with a session of the invited account, or its password, or, for an account nobody
   * holds yet, a new password that passes the policy. Opens a session unless one was used.
   */
  async accept(
    token: string,
    input: InvitationAccept,
    sessionAccountId: string | null,
    context: RequestContext,
  ): Promise<{ me: Me; session: OpenedSession | null }> {
    const { invitation, account } = await this.#lookUp(token);
    const claimed = await accountIsClaimed(this.deps.store, account);
    const viaSession = sessionAccountId === account.id;
    let newPasswordHash: string | null = null;
    if (!viaSession) {
      if (input.password === undefined) {
        throw new RuleViolation([
          { path: 'password', message: claimed ? 'enter the password of your Växel account' : 'choose a password' },
        ]);
      }
      if (claimed) {
        if (!(await this.deps.auth.checkPassword(account, input.password, context, 'invitation'))) {
          throw new HttpProblem(400, 'wrong_password', 'That is not the password of this account.', {
            errors: [{ path: 'password', message: 'is not the password of this account' }],
          });
        }
      } else {
        assertPasswordAllowed(input.password, account.email);
        newPasswordHash = await hashPassword(input.password);
      }
    }

    await this.deps.store.transaction(async (tx) => {
      // Single use, also when two accepts race: only the one that still finds it goes on.
      if (!(await tx.invitations.getByTokenHash(invitation.tokenHash))) throw invalid();
      if (newPasswordHash) {
        const fresh = await tx.accounts.get(account.id);
        if (!fresh || (await accountIsClaimed(tx, fresh))) {
          throw new Conflict('account_claimed', 'This account was set up meanwhile: accept with its password.', {
            field: 'password',
          });
        }
        await tx.accounts.setPasswordHash(account.id, newPasswordHash);
      }
      if ((await tx.invitations.deleteForUser(invitation.organisationId, invitation.userId)) === 0) throw invalid();
    });

    await this.deps.events.record({
      type: 'invitation_accepted',
      accountId: account.id,
      email: account.email,
      address: context.address,
      organisationIds: [invitation.organisationId],
      detail: { accountCreated: newPasswordHash !== null },
    });
    const session = viaSession ? null : await this.deps.auth.openSession(account.id, context);
    if (session) {
      await this.deps.events.record({
        type: 'login_succeeded',
        accountId: account.id,
        email: account.email,
        address: context.address,
        detail: { via: 'invitation' },
      });
    }
    return { me: await this.deps.auth.me(account.id), session };
  }

  async #lookUp(token: string): Promise<{ invitation: Invitation; account: Account; userName: string }> {
    const invitation = await this.deps.store.invitations.getByTokenHash(hashToken(token));
    if (!invitation) throw invalid();
    if (invitation.expiresAt <= this.deps.clock.now().toISOString()) {
      throw new HttpProblem(
        410,
        'invitation_expired',
        'This invitation has expired. Ask your administrator to send a new one.',
      );
    }
    const user = await this.deps.store.users.getRecord(invitation.organisationId, invitation.userId);
    const account = user ? await this.deps.store.accounts.get(user.accountId) : null;
    if (!user || !account) throw invalid();
    return { invitation, account, userName: user.name };
  }
}
