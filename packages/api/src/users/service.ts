import {
  checkExtension,
  checkNumberClaim,
  Conflict,
  destinationUsages,
  InUse,
  NotFound,
  RuleViolation,
  type FieldError,
  type InvitationIssued,
  type PhoneNumber,
  type User,
  type UserCreate,
  type UserUpdate,
  type Usage,
} from '@vaxel/domain';
import type { FileStore, Repositories, Store, UserRecord } from '@vaxel/store';
import { sipHa1 } from '../auth/sipDigest.ts';
import type { Actor, InvitationService } from '../invitations/service.ts';
import { numberInventory, requireOrganisation, settingsHolders } from '../organisation/orgData.ts';
import { dropCallerIdChoicesNoLongerAllowed } from './callerIdChoices.ts';
import { newSipUsername } from './sipUsername.ts';
import { deleteMessageAudio } from '../voicemail/boxAudio.ts';

export type UserWithInvitation = User & { invitation: InvitationIssued };

/**
 * R3: users, their numbers and SIP credentials. A user is a membership of a person's account:
 * adding one invites the person (no admin ever sets a person's password); until they accept,
 * the user is pending and cannot log in to the organisation. To the admin a new address and
 * one that has an account elsewhere look exactly the same.
 */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly invitations: InvitationService,
    /** Where the user's voicemail audio is, deleted with the user. */
    private readonly files?: FileStore,
  ) {}

  list(organisationId: string): Promise<User[]> {
    return this.store.users.list(organisationId);
  }

  async get(organisationId: string, userId: string): Promise<User> {
    const user = await this.store.users.get(organisationId, userId);
    if (!user) throw new NotFound('User', userId);
    return user;
  }

  async create(organisationId: string, input: UserCreate, actor: Actor): Promise<UserWithInvitation> {
    const { user, record, issued } = await this.store.transaction(async (tx) => {
      checkExtension('extension', input.extension, (await requireOrganisation(tx, organisationId)).country);
      await this.checkUnique(tx, organisationId, input, null);
      await checkUserNumbers(tx, organisationId, input, null);
      await checkTeams(tx, organisationId, input.teamIds);
      const accountId = await accountForEmail(tx, input.email, input.name);
      const sipUsername = await newSipUsername(tx);
      const ha1 = input.sipPassword ? sipHa1(sipUsername, input.sipPassword) : null;
      const created = await tx.users.create(
        organisationId,
        {
          organisationId,
          accountId,
          name: input.name,
          email: input.email,
          licence: input.licence,
          permissions: [...new Set(input.permissions)],
          extension: input.extension,
          mobileNumber: input.mobileNumber,
          landlineNumber: input.landlineNumber,
          sipUsername,
          sipHa1Md5: ha1?.md5 ?? null,
          sipHa1Sha256: ha1?.sha256 ?? null,
        },
        input.teamIds,
      );
      const record = (await tx.users.getRecord(organisationId, created.id))!;
      const issued = await this.invitations.issue(tx, organisationId, record, actor);
      return { user: (await tx.users.get(organisationId, created.id))!, record, issued };
    });
    return { ...user, invitation: await this.invitations.announce(organisationId, record, issued, actor) };
  }

  /**
   * A new email means another person: the user is linked to that person's account and becomes
   * pending with a new invitation (returned like on create); the previous person loses access.
   */
  async update(
    organisationId: string,
    userId: string,
    input: UserUpdate,
    actor: Actor,
  ): Promise<User & { invitation?: InvitationIssued }> {
    const { user, record, issued } = await this.store.transaction(async (tx) => {
      const current = await tx.users.getRecord(organisationId, userId);
      if (!current) throw new NotFound('User', userId);
      if (input.extension)
        checkExtension('extension', input.extension, (await requireOrganisation(tx, organisationId)).country);
      await this.checkUnique(tx, organisationId, input, userId);
      await checkUserNumbers(tx, organisationId, input, userId);
      if (input.teamIds) await checkTeams(tx, organisationId, input.teamIds);

      const ha1 = input.sipPassword ? sipHa1(current.sipUsername, input.sipPassword) : null;
      const emailChanged = input.email !== undefined && input.email !== current.email;
      const accountId = emailChanged
        ? await accountForEmail(tx, input.email!, input.name ?? current.name)
        : current.accountId;
      const next: UserRecord = {
        ...current,
        accountId,
        name: input.name ?? current.name,
        email: input.email ?? current.email,
        licence: input.licence ?? current.licence,
        permissions: input.permissions ? [...new Set(input.permissions)] : current.permissions,
        extension: input.extension ?? current.extension,
        mobileNumber: input.mobileNumber !== undefined ? input.mobileNumber : current.mobileNumber,
        landlineNumber: input.landlineNumber !== undefined ? input.landlineNumber : current.landlineNumber,
        sipHa1Md5: ha1 ? ha1.md5 : current.sipHa1Md5,
        sipHa1Sha256: ha1 ? ha1.sha256 : current.sipHa1Sha256,
      };
      if (next.licence !== 'pro') await checkNotSupervisor(tx, organisationId, userId);
      await tx.users.update(organisationId, next, input.teamIds);
      if (input.mobileNumber !== undefined || input.landlineNumber !== undefined || input.teamIds) {
        await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
      }
      const issued = emailChanged ? await this.invitations.issue(tx, organisationId, next, actor) : null;
      return { user: (await tx.users.get(organisationId, userId))!, record: next, issued };
    });
    if (!issued) return user;
    return { ...user, invitation: await this.invitations.announce(organisationId, record, issued, actor) };
  }

  /** "Send a new invitation": for a pending user only; the previous link stops working. */
  resendInvitation(organisationId: string, userId: string, actor: Actor): Promise<InvitationIssued> {
    return this.invitations.resend(organisationId, userId, actor);
  }

  /**
   * A user that calls are sent to, or who is in a response group, cannot be deleted until those
   * places are changed (the refusal lists them). Their numbers become unassigned. Lists that only
   * name them (display-number grants, who the defaults for new groups notify of voicemail) lose
   * them in the same transaction, so those lists can be saved again.
   */
  async delete(organisationId: string, userId: string): Promise<void> {
    const messageIds = await this.store.transaction(async (tx) => {
      const user = await tx.users.get(organisationId, userId);
      if (!user) throw new NotFound('User', userId);
      const holders = (await settingsHolders(tx, organisationId)).filter(
        (h) => !(h.type === 'userRouting' && h.id === userId),
      );
      const usages: Usage[] = destinationUsages({ type: 'user', id: userId }, holders);
      for (const group of await tx.responseGroups.list(organisationId)) {
        if (group.agents.some((a) => a.userId === userId))
          usages.push({ type: 'responseGroup', id: group.id, name: group.name, field: 'agentIds' });
        if (group.supervisorIds.includes(userId))
          usages.push({ type: 'responseGroup', id: group.id, name: group.name, field: 'supervisorIds' });
        if (group.settings.voicemail.notifyUserIds.includes(userId)) {
          usages.push({
            type: 'responseGroup',
            id: group.id,
            name: group.name,
            field: 'settings.voicemail.notifyUserIds',
          });
        }
      }
      for (const policy of await tx.recordings.listPolicies(organisationId)) {
        if (policy.scope.type === 'user' && policy.scope.userId === userId) {
          usages.push({ type: 'recordingPolicy', id: policy.id, name: 'Recording policy (user)', field: 'scope' });
        }
      }
      if (usages.length > 0) throw new InUse(`User "${user.name}"`, usages);
      for (const display of await tx.displayNumbers.list(organisationId)) {
        if (display.userIds.includes(userId)) {
          await tx.displayNumbers.update(organisationId, {
            ...display,
            userIds: display.userIds.filter((id) => id !== userId),
          });
        }
      }
      const groupDefaults = await tx.responseGroups.getDefaults(organisationId);
      if (groupDefaults.voicemail.notifyUserIds.includes(userId)) {
        const notifyUserIds = groupDefaults.voicemail.notifyUserIds.filter((id) => id !== userId);
        await tx.responseGroups.setDefaults(organisationId, {
          ...groupDefaults,
          voicemail: { ...groupDefaults.voicemail, notifyUserIds },
        });
      }
      const messages = await tx.voicemail.list(organisationId, { type: 'user', userId });
      await tx.users.delete(organisationId, userId);
      return messages.map((m) => m.id);
    });
    await deleteMessageAudio(this.files, organisationId, messageIds);
  }

  private async checkUnique(
    tx: Repositories,
    organisationId: string,
    input: { extension?: string; email?: string },
    userId: string | null,
  ): Promise<void> {
    if (input.extension) {
      const holder = await tx.users.findByExtension(organisationId, input.extension);
      if (holder && holder.id !== userId) {
        throw new Conflict('conflict', `Extension ${input.extension} is already used by ${holder.name}.`, {
          field: 'extension',
        });
      }
      // R76: the voicemail access, when it is an extension, is dialled before any user's.
      if ((await tx.callRouting.getDefaults(organisationId)).voicemailAccess === input.extension) {
        throw new Conflict('conflict', `Extension ${input.extension} is the organisation's voicemail access.`, {
          field: 'extension',
        });
      }
    }
    if (input.email) {
      const email = input.email.toLowerCase();
      const holder = (await tx.users.list(organisationId)).find((u) => u.email.toLowerCase() === email);
      if (holder && holder.id !== userId) {
        throw new Conflict('conflict', `${input.email} already belongs to ${holder.name} in this organisation.`, {
          field: 'email',
        });
      }
    }
  }
}

/** R3: a user's mobile and landline numbers are the organisation's, free, and of the right kind. */
async function checkUserNumbers(
  tx: Repositories,
  organisationId: string,
  input: { mobileNumber?: string | null; landlineNumber?: string | null },
  userId: string | null,
): Promise<void> {
  if (!input.mobileNumber && !input.landlineNumber) return;
  const inventory: Map<string, PhoneNumber> = await numberInventory(tx, organisationId);
  const self = userId ?? '';
  if (input.mobileNumber)
    checkNumberClaim('mobileNumber', input.mobileNumber, { type: 'userMobile', userId: self }, inventory);
  if (input.landlineNumber)
    checkNumberClaim('landlineNumber', input.landlineNumber, { type: 'userLandline', userId: self }, inventory);
  if (input.mobileNumber && input.mobileNumber === input.landlineNumber) {
    throw new RuleViolation([
      { path: 'landlineNumber', message: 'the landline number must differ from the mobile number' },
    ]);
  }
}

export async function checkTeams(tx: Repositories, organisationId: string, teamIds: string[]): Promise<void> {
  const known = new Set((await tx.teams.list(organisationId)).map((t) => t.id));
  const errors: FieldError[] = [];
  teamIds.forEach((id, i) => {
    if (!known.has(id)) errors.push({ path: `teamIds[${i}]`, message: `no team ${id} in this organisation` });
  });
  if (errors.length > 0) throw new RuleViolation(errors);
}

/** R12: someone supervising a group must keep the pro licence. */
async function checkNotSupervisor(tx: Repositories, organisationId: string, userId: string): Promise<void> {
  const groups = (await tx.responseGroups.list(organisationId)).filter((g) => g.supervisorIds.includes(userId));
  if (groups.length > 0) {
    throw new RuleViolation([
      {
        path: 'licence',
        message: `supervisors need a pro licence; first remove them as supervisor of ${groups.map((g) => `"${g.name}"`).join(', ')}`,
      },
    ]);
  }
}

/**
 * The account of an email (R5: one person, several organisations), made without a password when
 * there is none: only its holder ever sets the password, by accepting an invitation or a reset.
 */
export async function accountForEmail(tx: Repositories, email: string, name: string): Promise<string> {
  const existing = await tx.accounts.getByEmail(email);
  if (existing) return existing.id;
  return (await tx.accounts.create({ email, name, passwordHash: null })).id;
}
