import { NotFound, type DisplayNumber } from '@vaxel/domain';
import { fromFlag, newId, nowIso, toFlag, unique } from '../codec.ts';
import type { Db } from '../database.ts';
import type { DisplayNumberRepository } from '../ports.ts';

type NewDisplayNumber = Omit<DisplayNumber, 'id' | 'organisationId' | 'responseGroupId'>;

/**
 * Display numbers (R50–R55). `responseGroupId` is derived: the group whose number it is, if any,
 * so it follows the group's number without being kept in step by hand.
 */
export class KyselyDisplayNumberRepository implements DisplayNumberRepository {
  constructor(private readonly db: Db) {}

  async list(organisationId: string): Promise<DisplayNumber[]> {
    return this.load(organisationId);
  }

  async get(organisationId: string, id: string): Promise<DisplayNumber | null> {
    return (await this.load(organisationId, id))[0] ?? null;
  }

  async create(organisationId: string, d: NewDisplayNumber): Promise<DisplayNumber> {
    const id = newId();
    await this.db
      .insertInto('display_numbers')
      .values({
        id,
        organisation_id: organisationId,
        number: d.number,
        grant_to_group_agents: toFlag(d.grantToGroupAgents),
        grant_to_group_supervisors: toFlag(d.grantToGroupSupervisors),
        created_at: nowIso(),
      })
      .execute();
    await this.setGrants(organisationId, id, d.userIds, d.teamIds);
    return (await this.get(organisationId, id)) as DisplayNumber;
  }

  /** The number itself does not change (DisplayNumberUpdate has no number); grants and flags do. */
  async update(organisationId: string, d: DisplayNumber): Promise<DisplayNumber> {
    const result = await this.db
      .updateTable('display_numbers')
      .set({
        number: d.number,
        grant_to_group_agents: toFlag(d.grantToGroupAgents),
        grant_to_group_supervisors: toFlag(d.grantToGroupSupervisors),
      })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', d.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('display number', d.id);
    await this.setGrants(organisationId, d.id, d.userIds, d.teamIds);
    return (await this.get(organisationId, d.id)) as DisplayNumber;
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('display_numbers')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }

  private async setGrants(organisationId: string, id: string, userIds: string[], teamIds: string[]): Promise<void> {
    const scope = { organisation_id: organisationId, display_number_id: id };
    await this.db
      .deleteFrom('display_number_users')
      .where('organisation_id', '=', organisationId)
      .where('display_number_id', '=', id)
      .execute();
    await this.db
      .deleteFrom('display_number_teams')
      .where('organisation_id', '=', organisationId)
      .where('display_number_id', '=', id)
      .execute();
    const users = unique(userIds);
    const teams = unique(teamIds);
    if (users.length > 0) {
      await this.db
        .insertInto('display_number_users')
        .values(users.map((userId, position) => ({ ...scope, user_id: userId, position })))
        .execute();
    }
    if (teams.length > 0) {
      await this.db
        .insertInto('display_number_teams')
        .values(teams.map((teamId, position) => ({ ...scope, team_id: teamId, position })))
        .execute();
    }
  }

  private async load(organisationId: string, id?: string): Promise<DisplayNumber[]> {
    let query = this.db
      .selectFrom('display_numbers as d')
      .leftJoin('response_groups as g', (join) =>
        join.onRef('g.organisation_id', '=', 'd.organisation_id').onRef('g.number', '=', 'd.number'),
      )
      .select([
        'd.id',
        'd.number',
        'd.grant_to_group_agents',
        'd.grant_to_group_supervisors',
        'g.id as response_group_id',
      ])
      .where('d.organisation_id', '=', organisationId);
    if (id !== undefined) query = query.where('d.id', '=', id);
    const rows = await query.orderBy('d.number').execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [users, teams] = await Promise.all([
      this.db
        .selectFrom('display_number_users')
        .select(['display_number_id', 'user_id'])
        .where('organisation_id', '=', organisationId)
        .where('display_number_id', 'in', ids)
        .orderBy('display_number_id')
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('display_number_teams')
        .select(['display_number_id', 'team_id'])
        .where('organisation_id', '=', organisationId)
        .where('display_number_id', 'in', ids)
        .orderBy('display_number_id')
        .orderBy('position')
        .execute(),
    ]);
    return rows.map((row) => ({
      id: row.id,
      organisationId,
      number: row.number,
      userIds: users.filter((u) => u.display_number_id === row.id).map((u) => u.user_id),
      teamIds: teams.filter((t) => t.display_number_id === row.id).map((t) => t.team_id),
      responseGroupId: row.response_group_id ?? null,
      grantToGroupAgents: fromFlag(row.grant_to_group_agents),
      grantToGroupSupervisors: fromFlag(row.grant_to_group_supervisors),
    }));
  }
}
