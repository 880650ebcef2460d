import {
  completeResponseGroupSettings,
  factoryResponseGroupSettings,
  NotFound,
  type Agent,
  type AgentReach,
  type ResponseGroup,
  type ResponseGroupSettings,
} from '@vaxel/domain';
import { fromFlag, fromJson, newId, nowIso, toCount, toFlag, toJson } from '../codec.ts';
import type { Db, ResponseGroupsTable } from '../database.ts';
import type { ResponseGroupRepository } from '../ports.ts';

type NewGroup = Omit<ResponseGroup, 'id' | 'organisationId' | 'createdAt' | 'updatedAt'>;

export class KyselyResponseGroupRepository implements ResponseGroupRepository {
  constructor(private readonly db: Db) {}

  async list(organisationId: string): Promise<ResponseGroup[]> {
    const rows = await this.db
      .selectFrom('response_groups')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return this.assemble(organisationId, rows);
  }

  async get(organisationId: string, id: string): Promise<ResponseGroup | null> {
    const rows = await this.db
      .selectFrom('response_groups')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
    return (await this.assemble(organisationId, rows))[0] ?? null;
  }

  async create(organisationId: string, group: NewGroup): Promise<ResponseGroup> {
    const id = newId();
    const now = nowIso();
    await this.db
      .insertInto('response_groups')
      .values({ id, organisation_id: organisationId, ...columns(group), created_at: now, updated_at: now })
      .execute();
    await this.setPeople(organisationId, id, group.agents, group.supervisorIds);
    return (await this.get(organisationId, id)) as ResponseGroup;
  }

  async update(organisationId: string, group: ResponseGroup): Promise<ResponseGroup> {
    const result = await this.db
      .updateTable('response_groups')
      .set({ ...columns(group), updated_at: nowIso() })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', group.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('response group', group.id);
    await this.setPeople(organisationId, group.id, group.agents, group.supervisorIds);
    return (await this.get(organisationId, group.id)) as ResponseGroup;
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('response_groups')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }

  async count(organisationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('response_groups')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirstOrThrow();
    return toCount(row.count);
  }

  async setAgentLoggedIn(organisationId: string, id: string, userId: string, loggedIn: boolean): Promise<void> {
    const result = await this.db
      .updateTable('response_group_agents')
      .set({ logged_in: toFlag(loggedIn) })
      .where('organisation_id', '=', organisationId)
      .where('response_group_id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('agent', userId);
  }

  async setAgentReach(organisationId: string, id: string, userId: string, reachOn: AgentReach): Promise<void> {
    const result = await this.db
      .updateTable('response_group_agents')
      .set({ reach_on: reachOn })
      .where('organisation_id', '=', organisationId)
      .where('response_group_id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('agent', userId);
  }

  async getDefaults(organisationId: string): Promise<ResponseGroupSettings> {
    const row = await this.db
      .selectFrom('response_group_defaults')
      .select('settings')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return row ? completeResponseGroupSettings(fromJson<unknown>(row.settings)) : factoryResponseGroupSettings();
  }

  async setDefaults(organisationId: string, settings: ResponseGroupSettings): Promise<void> {
    await this.db
      .insertInto('response_group_defaults')
      .values({ organisation_id: organisationId, settings: toJson(settings) })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ settings: toJson(settings) }))
      .execute();
  }

  /** Replaces agents (in order, keeping who was logged in as given) and supervisors. */
  private async setPeople(organisationId: string, id: string, agents: Agent[], supervisorIds: string[]): Promise<void> {
    const scope = { organisation_id: organisationId, response_group_id: id };
    await this.db
      .deleteFrom('response_group_agents')
      .where('organisation_id', '=', organisationId)
      .where('response_group_id', '=', id)
      .execute();
    await this.db
      .deleteFrom('response_group_supervisors')
      .where('organisation_id', '=', organisationId)
      .where('response_group_id', '=', id)
      .execute();
    const seen = new Set<string>();
    const uniqueAgents = agents.filter((a) => !seen.has(a.userId) && seen.add(a.userId));
    if (uniqueAgents.length > 0) {
      await this.db
        .insertInto('response_group_agents')
        .values(
          uniqueAgents.map((a, position) => ({
            ...scope,
            user_id: a.userId,
            logged_in: toFlag(a.loggedIn),
            reach_on: a.reachOn,
            position,
          })),
        )
        .execute();
    }
    const supervisors = [...new Set(supervisorIds)];
    if (supervisors.length > 0) {
      await this.db
        .insertInto('response_group_supervisors')
        .values(supervisors.map((userId, position) => ({ ...scope, user_id: userId, position })))
        .execute();
    }
  }

  private async assemble(organisationId: string, rows: ResponseGroupsTable[]): Promise<ResponseGroup[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [agents, supervisors] = await Promise.all([
      this.db
        .selectFrom('response_group_agents')
        .select(['response_group_id', 'user_id', 'logged_in', 'reach_on'])
        .where('organisation_id', '=', organisationId)
        .where('response_group_id', 'in', ids)
        .orderBy('response_group_id')
        .orderBy('position')
        .execute(),
      this.db
        .selectFrom('response_group_supervisors')
        .select(['response_group_id', 'user_id'])
        .where('organisation_id', '=', organisationId)
        .where('response_group_id', 'in', ids)
        .orderBy('response_group_id')
        .orderBy('position')
        .execute(),
    ]);
    return rows.map((row) => ({
      id: row.id,
      organisationId: row.organisation_id,
      name: row.name,
      number: row.number,
      billingNumber: row.billing_number,
      numericId: row.numeric_id,
      agents: agents
        .filter((a) => a.response_group_id === row.id)
        .map((a) => ({ userId: a.user_id, loggedIn: fromFlag(a.logged_in), reachOn: a.reach_on as AgentReach })),
      supervisorIds: supervisors.filter((s) => s.response_group_id === row.id).map((s) => s.user_id),
      settings: completeResponseGroupSettings(fromJson<unknown>(row.settings)),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }
}

const columns = (group: NewGroup) => ({
  name: group.name,
  number: group.number,
  billing_number: group.billingNumber,
  numeric_id: group.numericId,
  settings: toJson(group.settings),
});
