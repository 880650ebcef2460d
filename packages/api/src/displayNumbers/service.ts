import {
  checkBillingNumber,
  Conflict,
  NotFound,
  RuleViolation,
  type DisplayNumber,
  type DisplayNumberCreate,
  type DisplayNumberUpdate,
  type FieldError,
} from '@vaxel/domain';
import type { Repositories, Store } from '@vaxel/store';
import { numberInventory } from '../organisation/orgData.ts';
import { dropCallerIdChoicesNoLongerAllowed } from '../users/callerIdChoices.ts';

/** R50–R55: organisation numbers that chosen users, teams or group roles may show as caller ID. */
export class DisplayNumberService {
  constructor(private readonly store: Store) {}

  async list(organisationId: string): Promise<DisplayNumber[]> {
    return withGroups(this.store, organisationId, await this.store.displayNumbers.list(organisationId));
  }

  async get(organisationId: string, id: string): Promise<DisplayNumber> {
    return (
      await withGroups(this.store, organisationId, [await requireDisplayNumber(this.store, organisationId, id)])
    )[0]!;
  }

  create(organisationId: string, input: DisplayNumberCreate): Promise<DisplayNumber> {
    return this.store.transaction(async (tx) => {
      checkBillingNumber('number', input.number, await numberInventory(tx, organisationId));
      const existing = (await tx.displayNumbers.list(organisationId)).find((d) => d.number === input.number);
      if (existing)
        throw new Conflict('conflict', `${input.number} is already a display number; edit who may use it instead.`, {
          id: existing.id,
        });
      await checkGrants(tx, organisationId, input);
      const created = await tx.displayNumbers.create(organisationId, {
        number: input.number,
        userIds: [...new Set(input.userIds)],
        teamIds: [...new Set(input.teamIds)],
        grantToGroupAgents: input.grantToGroupAgents,
        grantToGroupSupervisors: input.grantToGroupSupervisors,
      });
      return (await withGroups(tx, organisationId, [created]))[0]!;
    });
  }

  /** R51, R52: who may use it. */
  update(organisationId: string, id: string, input: DisplayNumberUpdate): Promise<DisplayNumber> {
    return this.store.transaction(async (tx) => {
      const current = (await withGroups(tx, organisationId, [await requireDisplayNumber(tx, organisationId, id)]))[0]!;
      // Group grants left over from a group deleted before they ended with it mean nothing; they
      // must not refuse a change of the other grants.
      const groupGrants = current.responseGroupId !== null;
      const next: DisplayNumber = {
        ...current,
        userIds: input.userIds ? [...new Set(input.userIds)] : current.userIds,
        teamIds: input.teamIds ? [...new Set(input.teamIds)] : current.teamIds,
        grantToGroupAgents: input.grantToGroupAgents ?? (groupGrants && current.grantToGroupAgents),
        grantToGroupSupervisors: input.grantToGroupSupervisors ?? (groupGrants && current.grantToGroupSupervisors),
      };
      await checkGrants(tx, organisationId, next);
      const updated = await tx.displayNumbers.update(organisationId, next);
      await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
      return (await withGroups(tx, organisationId, [updated]))[0]!;
    });
  }

  /** R53, R54: removes only the right to show the number; a response group's number stays. */
  delete(organisationId: string, id: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const display = (await withGroups(tx, organisationId, [await requireDisplayNumber(tx, organisationId, id)]))[0]!;
      if (display.responseGroupId) {
        const group = await tx.responseGroups.get(organisationId, display.responseGroupId);
        throw new Conflict(
          'group_number',
          `${display.number} is the number of response group "${group?.name ?? display.responseGroupId}" and cannot be deleted as a display number.`,
          {
            responseGroupId: display.responseGroupId,
          },
        );
      }
      await tx.displayNumbers.delete(organisationId, id);
      await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
    });
  }
}

async function requireDisplayNumber(repos: Repositories, organisationId: string, id: string): Promise<DisplayNumber> {
  const display = await repos.displayNumbers.get(organisationId, id);
  if (!display) throw new NotFound('Display number', id);
  return display;
}

/** Which response group a display number belongs to follows the group's current number (R52). */
async function withGroups(
  repos: Repositories,
  organisationId: string,
  displays: DisplayNumber[],
): Promise<DisplayNumber[]> {
  const groups = await repos.responseGroups.list(organisationId);
  return displays.map((d) => ({ ...d, responseGroupId: groups.find((g) => g.number === d.number)?.id ?? null }));
}

async function checkGrants(
  tx: Repositories,
  organisationId: string,
  grant: {
    number: string;
    userIds: string[];
    teamIds: string[];
    grantToGroupAgents: boolean;
    grantToGroupSupervisors: boolean;
  },
): Promise<void> {
  const [users, teams, groups] = await Promise.all([
    tx.users.list(organisationId),
    tx.teams.list(organisationId),
    tx.responseGroups.list(organisationId),
  ]);
  const userIds = new Set(users.map((u) => u.id));
  const teamIds = new Set(teams.map((t) => t.id));
  const errors: FieldError[] = [];
  grant.userIds.forEach((id, i) => {
    if (!userIds.has(id)) errors.push({ path: `userIds[${i}]`, message: `no user ${id} in this organisation` });
  });
  grant.teamIds.forEach((id, i) => {
    if (!teamIds.has(id)) errors.push({ path: `teamIds[${i}]`, message: `no team ${id} in this organisation` });
  });
  const isGroupNumber = groups.some((g) => g.number === grant.number);
  if (!isGroupNumber && grant.grantToGroupAgents) {
    errors.push({ path: 'grantToGroupAgents', message: `${grant.number} does not belong to a response group` });
  }
  if (!isGroupNumber && grant.grantToGroupSupervisors) {
    errors.push({ path: 'grantToGroupSupervisors', message: `${grant.number} does not belong to a response group` });
  }
  if (errors.length > 0) throw new RuleViolation(errors);
}
