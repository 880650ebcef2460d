import {
  checkExtension,
  checkNumberClaim,
  Conflict,
  destinationUsages,
  InUse,
  NotFound,
  RuleViolation,
  type FieldError,
  type PhoneNumber,
  type User,
  type UserCreate,
  type UserUpdate,
  type Usage,
} from '@vaxel/domain';
import type { Repositories, Store, UserRecord } from '@vaxel/store';
import { hashPassword } from '../auth/password.ts';
import { sipHa1 } from '../auth/sipDigest.ts';
import { numberInventory, requireOrganisation, settingsHolders } from '../organisation/orgData.ts';
import { dropCallerIdChoicesNoLongerAllowed } from './callerIdChoices.ts';

/** R3: users, their numbers, SIP credentials and console login. */
export class UserService {
  constructor(private readonly store: Store) {}

  list(organisationId: string): Promise<User[]> {
    return this.store.users.list(organisationId);
  }

  async get(organisationId: string, userId: string): Promise<User> {
    const user = await this.store.users.get(organisationId, userId);
    if (!user) throw new NotFound('User', userId);
    return user;
  }

  async create(organisationId: string, input: UserCreate): Promise<User> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.store.transaction(async (tx) => {
      checkExtension('extension', input.extension, (await requireOrganisation(tx, organisationId)).country);
      await this.checkUnique(tx, organisationId, input, null);
      await checkUserNumbers(tx, organisationId, input, null);
      await checkTeams(tx, organisationId, input.teamIds);
      const accountId = await accountFor(tx, input.email, input.name, passwordHash, organisationId);
      const ha1 = input.sipPassword ? sipHa1(input.sipUsername, input.sipPassword) : null;
      return tx.users.create(
        organisationId,
        {
          organisationId,
          accountId,
          name: input.name,
          email: input.email.toLowerCase(),
          licence: input.licence,
          permissions: [...new Set(input.permissions)],
          extension: input.extension,
          mobileNumber: input.mobileNumber,
          landlineNumber: input.landlineNumber,
          sipUsername: input.sipUsername,
          sipHa1Md5: ha1?.md5 ?? null,
          sipHa1Sha256: ha1?.sha256 ?? null,
        },
        input.teamIds,
      );
    });
  }

  async update(organisationId: string, userId: string, input: UserUpdate): Promise<User> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.store.transaction(async (tx) => {
      const current = await tx.users.getRecord(organisationId, userId);
      if (!current) throw new NotFound('User', userId);
      if (input.extension) checkExtension('extension', input.extension, (await requireOrganisation(tx, organisationId)).country);
      await this.checkUnique(tx, organisationId, input, userId);
      await checkUserNumbers(tx, organisationId, input, userId);
      if (input.teamIds) await checkTeams(tx, organisationId, input.teamIds);

      const sipUsername = input.sipUsername ?? current.sipUsername;
      if (input.sipUsername && input.sipUsername !== current.sipUsername && !input.sipPassword && current.sipHa1Md5) {
        // HA1 covers the username: the old digest cannot be carried over to a new name.
        throw new RuleViolation([{ path: 'sipPassword', message: 'a new SIP username needs a new SIP password' }]);
      }
      const ha1 = input.sipPassword ? sipHa1(sipUsername, input.sipPassword) : null;

      let accountId = current.accountId;
      if (input.email && input.email.toLowerCase() !== current.email) {
        accountId = await accountFor(tx, input.email, input.name ?? current.name, passwordHash, organisationId);
      } else if (passwordHash) {
        await setPasswordIfOwnedHere(tx, accountId, passwordHash, organisationId);
      }

      const next: UserRecord = {
        ...current,
        accountId,
        name: input.name ?? current.name,
        email: input.email?.toLowerCase() ?? current.email,
        licence: input.licence ?? current.licence,
        permissions: input.permissions ? [...new Set(input.permissions)] : current.permissions,
        extension: input.extension ?? current.extension,
        mobileNumber: input.mobileNumber !== undefined ? input.mobileNumber : current.mobileNumber,
        landlineNumber: input.landlineNumber !== undefined ? input.landlineNumber : current.landlineNumber,
        sipUsername,
        sipHa1Md5: ha1 ? ha1.md5 : current.sipHa1Md5,
        sipHa1Sha256: ha1 ? ha1.sha256 : current.sipHa1Sha256,
      };
      if (next.licence !== 'pro') await checkNotSupervisor(tx, organisationId, userId);
      const updated = await tx.users.update(organisationId, next, input.teamIds);
      if (input.mobileNumber !== undefined || input.landlineNumber !== undefined || input.teamIds) {
        await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
      }
      return updated;
    });
  }

  /**
   * A user that calls are sent to, or who is in a response group, cannot be deleted until those
   * places are changed (the refusal lists them). Their numbers become unassigned. Lists that only
   * name them (display-number grants, who the defaults for new groups notify of voicemail) lose
   * them in the same transaction, so those lists can be saved again.
   */
  async delete(organisationId: string, userId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const user = await tx.users.get(organisationId, userId);
      if (!user) throw new NotFound('User', userId);
      const holders = (await settingsHolders(tx, organisationId)).filter((h) => !(h.type === 'userRouting' && h.id === userId));
      const usages: Usage[] = destinationUsages({ type: 'user', id: userId }, holders);
      for (const group of await tx.responseGroups.list(organisationId)) {
        if (group.agents.some((a) => a.userId === userId)) usages.push({ type: 'responseGroup', id: group.id, name: group.name, field: 'agentIds' });
        if (group.supervisorIds.includes(userId)) usages.push({ type: 'responseGroup', id: group.id, name: group.name, field: 'supervisorIds' });
        if (group.settings.voicemail.notifyUserIds.includes(userId)) {
          usages.push({ type: 'responseGroup', id: group.id, name: group.name, field: 'settings.voicemail.notifyUserIds' });
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
          await tx.displayNumbers.update(organisationId, { ...display, userIds: display.userIds.filter((id) => id !== userId) });
        }
      }
      const groupDefaults = await tx.responseGroups.getDefaults(organisationId);
      if (groupDefaults.voicemail.notifyUserIds.includes(userId)) {
        const notifyUserIds = groupDefaults.voicemail.notifyUserIds.filter((id) => id !== userId);
        await tx.responseGroups.setDefaults(organisationId, { ...groupDefaults, voicemail: { ...groupDefaults.voicemail, notifyUserIds } });
      }
      await tx.users.delete(organisationId, userId);
    });
  }

  private async checkUnique(
    tx: Repositories,
    organisationId: string,
    input: { extension?: string; sipUsername?: string; email?: string },
    userId: string | null,
  ): Promise<void> {
    if (input.extension) {
      const holder = await tx.users.findByExtension(organisationId, input.extension);
      if (holder && holder.id !== userId) {
        throw new Conflict('conflict', `Extension ${input.extension} is already used by ${holder.name}.`, { field: 'extension' });
      }
    }
    if (input.sipUsername) {
      const holder = await tx.users.findBySipUsername(input.sipUsername);
      if (holder && holder.id !== userId) {
        throw new Conflict('conflict', `SIP username ${input.sipUsername} is taken; choose another.`, { field: 'sipUsername' });
      }
    }
    if (input.email) {
      const email = input.email.toLowerCase();
      const holder = (await tx.users.list(organisationId)).find((u) => u.email.toLowerCase() === email);
      if (holder && holder.id !== userId) {
        throw new Conflict('conflict', `${input.email} already belongs to ${holder.name} in this organisation.`, { field: 'email' });
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
  if (input.mobileNumber) checkNumberClaim('mobileNumber', input.mobileNumber, { type: 'userMobile', userId: self }, inventory);
  if (input.landlineNumber) checkNumberClaim('landlineNumber', input.landlineNumber, { type: 'userLandline', userId: self }, inventory);
  if (input.mobileNumber && input.mobileNumber === input.landlineNumber) {
    throw new RuleViolation([{ path: 'landlineNumber', message: 'the landline number must differ from the mobile number' }]);
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
      { path: 'licence', message: `supervisors need a pro licence; first remove them as supervisor of ${groups.map((g) => `"${g.name}"`).join(', ')}` },
    ]);
  }
}

/**
 * The login account for an email (R5: one person, several organisations). A new account gets
 * the given password; an existing one keeps its own unless every user of it is in this organisation.
 */
async function accountFor(
  tx: Repositories,
  email: string,
  name: string,
  passwordHash: string | null,
  organisationId: string,
): Promise<string> {
  const normalized = email.toLowerCase();
  const existing = await tx.accounts.getByEmail(normalized);
  if (!existing) return (await tx.accounts.create({ email: normalized, name, passwordHash })).id;
  if (passwordHash) await setPasswordIfOwnedHere(tx, existing.id, passwordHash, organisationId);
  return existing.id;
}

async function setPasswordIfOwnedHere(tx: Repositories, accountId: string, passwordHash: string, organisationId: string): Promise<void> {
  const users = await tx.users.listByAccount(accountId);
  if (users.some((u) => u.organisationId !== organisationId)) {
    // The person also belongs to another organisation: only they may change their password.
    throw new RuleViolation([{ path: 'password', message: 'this person also belongs to another organisation and manages their own password' }]);
  }
  await tx.accounts.setPasswordHash(accountId, passwordHash);
}
