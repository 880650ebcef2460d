import { NotFound, type Team } from '@vaxel/domain';
import { newId, nowIso, unique } from '../codec.ts';
import type { Db } from '../database.ts';
import type { TeamRepository } from '../ports.ts';

export class KyselyTeamRepository implements TeamRepository {
  constructor(private readonly db: Db) {}

  async list(organisationId: string): Promise<Team[]> {
    const teams = await this.db
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const members = await this.membersByTeam(organisationId);
    return teams.map((t) => ({ id: t.id, organisationId, name: t.name, memberIds: members.get(t.id) ?? [] }));
  }

  async get(organisationId: string, teamId: string): Promise<Team | null> {
    const team = await this.db
      .selectFrom('teams')
      .select(['id', 'name'])
      .where('organisation_id', '=', organisationId)
      .where('id', '=', teamId)
      .executeTakeFirst();
    if (!team) return null;
    const members = await this.membersByTeam(organisationId, teamId);
    return { id: team.id, organisationId, name: team.name, memberIds: members.get(team.id) ?? [] };
  }

  async create(organisationId: string, team: { name: string; memberIds: string[] }): Promise<Team> {
    const id = newId();
    await this.db
      .insertInto('teams')
      .values({ id, organisation_id: organisationId, name: team.name, created_at: nowIso() })
      .execute();
    await this.setMembers(organisationId, id, team.memberIds);
    return (await this.get(organisationId, id)) as Team;
  }

  async update(organisationId: string, team: Team): Promise<Team> {
    const result = await this.db
      .updateTable('teams')
      .set({ name: team.name })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', team.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('team', team.id);
    await this.setMembers(organisationId, team.id, team.memberIds);
    return (await this.get(organisationId, team.id)) as Team;
  }

  async delete(organisationId: string, teamId: string): Promise<void> {
    await this.db.deleteFrom('teams').where('organisation_id', '=', organisationId).where('id', '=', teamId).execute();
  }

  private async setMembers(organisationId: string, teamId: string, memberIds: string[]): Promise<void> {
    await this.db
      .deleteFrom('team_members')
      .where('organisation_id', '=', organisationId)
      .where('team_id', '=', teamId)
      .execute();
    const members = unique(memberIds);
    if (members.length === 0) return;
    await this.db
      .insertInto('team_members')
      .values(
        members.map((userId, position) => ({
          organisation_id: organisationId,
          team_id: teamId,
          user_id: userId,
          position,
        })),
      )
      .execute();
  }

  private async membersByTeam(organisationId: string, teamId?: string): Promise<Map<string, string[]>> {
    let query = this.db
      .selectFrom('team_members')
      .select(['team_id', 'user_id'])
      .where('organisation_id', '=', organisationId);
    if (teamId !== undefined) query = query.where('team_id', '=', teamId);
    const rows = await query.orderBy('team_id').orderBy('position').execute();
    const byTeam = new Map<string, string[]>();
    for (const row of rows) byTeam.set(row.team_id, [...(byTeam.get(row.team_id) ?? []), row.user_id]);
    return byTeam;
  }
}
