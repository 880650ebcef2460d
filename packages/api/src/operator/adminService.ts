import { checkExtension, Conflict, type InvitationIssued, type User } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import { assertPasswordAllowed } from '../auth/commonPasswords.ts';
import { hashPassword } from '../auth/password.ts';
import { accountIsClaimed, type Actor, type InvitationService } from '../invitations/service.ts';
import { requireOrganisation } from '../organisation/orgData.ts';
import { newSipUsername } from '../users/sipUsername.ts';
import { nextExtension } from './organisationService.ts';

export type AdminCreate = {
  name: string;
  email: string;
  password?: string | undefined;
  extension?: string | undefined;
};

/** The new admin; `invitation` when they must accept first, `accountExists` for the operator's eyes only. */
export type CreatedAdmin = User & { invitation: InvitationIssued | null; accountExists: boolean };

/** R1: the operator makes an organisation's administrators. */
export class OperatorAdminService {
  constructor(
    private readonly store: Store,
    private readonly invitations: InvitationService,
  ) {}

  /**
   * An administrator (pro licence, phone_system). The operator is trusted platform-wide: with a
   * password and no account held by anyone for the email, the account is made with it and the
   * admin can log in at once (the demo and the tests rely on this). When a person already holds
   * the account, the operator's password is never applied: the admin is pending with an
   * invitation that the account holder accepts. Without a password: always an invitation.
   */
  async createAdmin(organisationId: string, input: AdminCreate, actor: Actor): Promise<CreatedAdmin> {
    const email = input.email.trim().toLowerCase();
    if (input.password !== undefined) assertPasswordAllowed(input.password, email);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
    const created = await this.store.transaction(async (tx) => {
      const organisation = await requireOrganisation(tx, organisationId);
      if (input.extension) checkExtension('extension', input.extension, organisation.country);
      const users = await tx.users.list(organisationId);
      if (users.some((u) => u.email.toLowerCase() === email)) {
        throw new Conflict('conflict', `${email} is already a user of this organisation.`, { field: 'email' });
      }
      const extension =
        input.extension ??
        nextExtension(
          users.map((u) => u.extension),
          organisation.country,
        );
      if (users.some((u) => u.extension === extension)) {
        throw new Conflict('conflict', `Extension ${extension} is already used.`, { field: 'extension' });
      }
      let account = await tx.accounts.getByEmail(email);
      const accountExists = account !== null && (await accountIsClaimed(tx, account));
      if (!account) account = await tx.accounts.create({ email, name: input.name, passwordHash });
      else if (!accountExists && passwordHash) await tx.accounts.setPasswordHash(account.id, passwordHash);
      const user = await tx.users.create(
        organisationId,
        {
          organisationId,
          accountId: account.id,
          name: input.name,
          email,
          licence: 'pro',
          permissions: ['phone_system'],
          extension,
          mobileNumber: null,
          landlineNumber: null,
          sipUsername: await newSipUsername(tx),
          sipHa1Md5: null,
          sipHa1Sha256: null,
        },
        [],
      );
      const record = (await tx.users.getRecord(organisationId, user.id))!;
      const issued =
        accountExists || !passwordHash ? await this.invitations.issue(tx, organisationId, record, actor) : null;
      return { user: (await tx.users.get(organisationId, user.id))!, record, issued, accountExists };
    });
    const invitation = created.issued
      ? await this.invitations.announce(organisationId, created.record, created.issued, actor)
      : null;
    return { ...created.user, invitation, accountExists: created.accountExists };
  }
}
