import { NotFound, type RoutingOverrides, type User } from '@vaxel/domain';
import { fromJson, newId, nowIso, toJson, unique } from '../codec.ts';
import type { Db, UsersTable } from '../database.ts';
import type { NewUser, UserRecord, UserRepository } from '../ports.ts';

const toRecord = (row: UsersTable): UserRecord => ({
  id: row.id,
  organisationId: row.organisation_id,
  accountId: row.account_id,
  name: row.name,
  email: row.email,
  licence: row.licence as UserRecord['licence'],
  permissions: fromJson<UserRecord['permissions']>(row.permissions),
  extension: row.extension,
  mobileNumber: row.mobile_number,
  landlineNumber: row.landline_number,
  sipUsername: row.sip_username,
  sipHa1Md5: row.sip_ha1_md5,
  sipHa1Sha256: row.sip_ha1_sha256,
  createdAt: row.created_at,
});

/**
 * The domain user: the record minus secrets, plus the derived fields. `invitationExpiresAt` is
 * the expiry of the user's open invitation, if any: while one exists the user is pending.
 */
export function toUser(record: UserRecord, teamIds: string[], invitationExpiresAt: string | null = null): User {
  return {
    id: record.id,
    organisationId: record.organisationId,
    name: record.name,
    email: record.email,
    licence: record.licence,
    permissions: record.permissions,
    extension: record.extension,
    mobileNumber: record.mobileNumber,
    landlineNumber: record.landlineNumber,
    sipUsername: record.sipUsername,
    hasSipPassword: record.sipHa1Md5 !== null || record.sipHa1Sha256 !== null,
    teamIds,
    status: invitationExpiresAt === null ? 'active' : 'pending',
    invitationExpiresAt,
    createdAt: record.createdAt,
  };
}

const columns = (user: Omit<UserRecord, 'id' | 'createdAt' | 'organisationId'>) => ({
  account_id: user.accountId,
  name: user.name,
  email: user.email,
  licence: user.licence,
  permissions: toJson(user.permissions),
  extension: user.extension,
  mobile_number: user.mobileNumber,
  landline_number: user.landlineNumber,
  sip_username: user.sipUsername,
  sip_ha1_md5: user.sipHa1Md5,
  sip_ha1_sha256: user.sipHa1Sha256,
});

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  async list(organisationId: string): Promise<User[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    const teams = await this.teamIdsByUser(organisationId);
    const invitations = await this.invitationExpiryByUser(organisationId);
    return rows.map((row) => toUser(toRecord(row), teams.get(row.id) ?? [], invitations.get(row.id) ?? null));
  }

  async get(organisationId: string, userId: string): Promise<User | null> {
    const record = await this.getRecord(organisationId, userId);
    return record ? this.withTeams(record) : null;
  }

  async getRecord(organisationId: string, userId: string): Promise<UserRecord | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', userId)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async create(organisationId: string, user: NewUser, teamIds: string[]): Promise<User> {
    const id = newId();
    await this.db
      .insertInto('users')
      .values({ id, organisation_id: organisationId, created_at: nowIso(), ...columns(user) })
      .execute();
    await this.joinTeams(organisationId, id, teamIds);
    return (await this.get(organisationId, id)) as User;
  }

  async update(organisationId: string, user: UserRecord, teamIds?: string[]): Promise<User> {
    const result = await this.db
      .updateTable('users')
      .set(columns(user))
      .where('organisation_id', '=', organisationId)
      .where('id', '=', user.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('user', user.id);
    if (teamIds !== undefined) {
      const wanted = unique(teamIds);
      let leaving = this.db
        .deleteFrom('team_members')
        .where('organisation_id', '=', organisationId)
        .where('user_id', '=', user.id);
      if (wanted.length > 0) leaving = leaving.where('team_id', 'not in', wanted);
      await leaving.execute();
      await this.joinTeams(organisationId, user.id, wanted);
    }
    return (await this.get(organisationId, user.id)) as User;
  }

  /** Memberships, group roles, display-number grants, overrides and registrations go too (ON DELETE CASCADE). */
  async delete(organisationId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('users').where('organisation_id', '=', organisationId).where('id', '=', userId).execute();
  }

  async findBySipUsername(sipUsername: string): Promise<UserRecord | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('sip_username', '=', sipUsername)
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async findByExtension(organisationId: string, extension: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('extension', '=', extension)
      .executeTakeFirst();
    return row ? this.withTeams(toRecord(row)) : null;
  }

  async listByAccount(accountId: string): Promise<UserRecord[]> {
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('invitations')
              .select('invitations.id')
              .whereRef('invitations.organisation_id', '=', 'users.organisation_id')
              .whereRef('invitations.user_id', '=', 'users.id'),
          ),
        ),
      )
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  async getRoutingOverrides(
    organisationId: string,
    userId: string,
  ): Promise<{ overrides: RoutingOverrides; callerIdNumber: string | null }> {
    const row = await this.db
      .selectFrom('routing_overrides')
      .select(['overrides', 'caller_id_number'])
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row
      ? { overrides: fromJson<RoutingOverrides>(row.overrides), callerIdNumber: row.caller_id_number }
      : { overrides: {}, callerIdNumber: null };
  }

  async setRoutingOverrides(
    organisationId: string,
    userId: string,
    overrides: RoutingOverrides,
    callerIdNumber: string | null,
  ): Promise<void> {
    const exists = await this.getRecord(organisationId, userId);
    if (!exists) throw new NotFound('user', userId);
    await this.db
      .insertInto('routing_overrides')
      .values({
        organisation_id: organisationId,
        user_id: userId,
        overrides: toJson(overrides),
        caller_id_number: callerIdNumber,
      })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({ overrides: toJson(overrides), caller_id_number: callerIdNumber }),
      )
      .execute();
  }

  private async withTeams(record: UserRecord): Promise<User> {
    const teams = await this.teamIdsByUser(record.organisationId, record.id);
    const invitations = await this.invitationExpiryByUser(record.organisationId, record.id);
    return toUser(record, teams.get(record.id) ?? [], invitations.get(record.id) ?? null);
  }

  /** The latest expiry of each pending user's invitations (normally there is one). */
  private async invitationExpiryByUser(organisationId: string, userId?: string): Promise<Map<string, string>> {
    let query = this.db
      .selectFrom('invitations')
      .select((eb) => ['user_id', eb.fn.max('expires_at').as('expires_at')])
      .where('organisation_id', '=', organisationId);
    if (userId !== undefined) query = query.where('user_id', '=', userId);
    const rows = await query.groupBy('user_id').execute();
    return new Map(rows.map((row) => [row.user_id, row.expires_at]));
  }

  /** Team ids per user, in the order the teams were created. */
  private async teamIdsByUser(organisationId: string, userId?: string): Promise<Map<string, string[]>> {
    let query = this.db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .select(['team_members.user_id', 'team_members.team_id'])
      .where('team_members.organisation_id', '=', organisationId);
    if (userId !== undefined) query = query.where('team_members.user_id', '=', userId);
    const rows = await query.orderBy('teams.created_at').orderBy('teams.id').execute();
    const byUser = new Map<string, string[]>();
    for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.team_id]);
    return byUser;
  }

  /** Adds the user at the end of each team they are not yet in. */
  private async joinTeams(organisationId: string, userId: string, teamIds: string[]): Promise<void> {
    for (const teamId of unique(teamIds)) {
      const existing = await this.db
        .selectFrom('team_members')
        .select(['user_id'])
        .where('team_id', '=', teamId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (existing) continue;
      const last = await this.db
        .selectFrom('team_members')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('team_id', '=', teamId)
        .executeTakeFirst();
      const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
      await this.db
        .insertInto('team_members')
        .values({ organisation_id: organisationId, team_id: teamId, user_id: userId, position })
        .execute();
    }
  }
}
