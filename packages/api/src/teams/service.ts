import { NotFound, RuleViolation, type FieldError, type Team, type TeamCreate, type TeamUpdate } from '@vaxel/domain';
import type { Repositories, Store } from '@vaxel/store';
import { dropCallerIdChoicesNoLongerAllowed } from '../users/callerIdChoices.ts';

export class TeamService {
  constructor(private readonly store: Store) {}

  list(organisationId: string): Promise<Team[]> {
    return this.store.teams.list(organisationId);
  }

  async get(organisationId: string, teamId: string): Promise<Team> {
    const team = await this.store.teams.get(organisationId, teamId);
    if (!team) throw new NotFound('Team', teamId);
    return team;
  }

  create(organisationId: string, input: TeamCreate): Promise<Team> {
    return this.store.transaction(async (tx) => {
      await checkMembers(tx, organisationId, input.memberIds);
      return tx.teams.create(organisationId, { name: input.name, memberIds: [...new Set(input.memberIds)] });
    });
  }

  update(organisationId: string, teamId: string, input: TeamUpdate): Promise<Team> {
    return this.store.transaction(async (tx) => {
      const team = await tx.teams.get(organisationId, teamId);
      if (!team) throw new NotFound('Team', teamId);
      if (input.memberIds) await checkMembers(tx, organisationId, input.memberIds);
      const updated = await tx.teams.update(organisationId, {
        ...team,
        name: input.name ?? team.name,
        memberIds: input.memberIds ? [...new Set(input.memberIds)] : team.memberIds,
      });
      if (input.memberIds) await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
      return updated;
    });
  }

  /** Deleting a team also takes away the display numbers granted through it (R51), and its members' choice of them. */
  delete(organisationId: string, teamId: string): Promise<void> {
    return this.store.transaction(async (tx) => {
      const team = await tx.teams.get(organisationId, teamId);
      if (!team) throw new NotFound('Team', teamId);
      for (const display of await tx.displayNumbers.list(organisationId)) {
        if (display.teamIds.includes(teamId)) {
          await tx.displayNumbers.update(organisationId, {
            ...display,
            teamIds: display.teamIds.filter((id) => id !== teamId),
          });
        }
      }
      await tx.teams.delete(organisationId, teamId);
      await dropCallerIdChoicesNoLongerAllowed(tx, organisationId);
    });
  }
}

async function checkMembers(tx: Repositories, organisationId: string, memberIds: string[]): Promise<void> {
  const known = new Set((await tx.users.list(organisationId)).map((u) => u.id));
  const errors: FieldError[] = [];
  memberIds.forEach((id, i) => {
    if (!known.has(id)) errors.push({ path: `memberIds[${i}]`, message: `no user ${id} in this organisation` });
  });
  if (errors.length > 0) throw new RuleViolation(errors);
}
