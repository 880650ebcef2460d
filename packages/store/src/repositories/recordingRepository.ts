import { NotFound, type Recording, type RecordingPolicy, type RecordingScope } from '@vaxel/domain';
import { fromJsonOrNull, newId, toIso, toJson } from '../codec.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Db, RecordingPoliciesTable, RecordingsTable } from '../database.ts';
import type { RecordingRepository } from '../ports.ts';

type NewPolicy = Omit<RecordingPolicy, 'id' | 'organisationId'>;

/** One policy per scope (R56): the scope as one comparable key, unique per organisation. */
function scopeColumns(scope: RecordingScope) {
  switch (scope.type) {
    case 'organisation':
      return { scope_key: 'organisation', scope_type: 'organisation', scope_user_id: null, scope_response_group_id: null };
    case 'user':
      return { scope_key: `user:${scope.userId}`, scope_type: 'user', scope_user_id: scope.userId, scope_response_group_id: null };
    case 'responseGroup':
      return {
        scope_key: `responseGroup:${scope.responseGroupId}`,
        scope_type: 'responseGroup',
        scope_user_id: null,
        scope_response_group_id: scope.responseGroupId,
      };
  }
}

function toScope(row: RecordingPoliciesTable): RecordingScope {
  if (row.scope_type === 'user' && row.scope_user_id !== null) return { type: 'user', userId: row.scope_user_id };
  if (row.scope_type === 'responseGroup' && row.scope_response_group_id !== null) {
    return { type: 'responseGroup', responseGroupId: row.scope_response_group_id };
  }
  return { type: 'organisation' };
}

const toPolicy = (row: RecordingPoliciesTable): RecordingPolicy => ({
  id: row.id,
  organisationId: row.organisation_id,
  scope: toScope(row),
  mode: row.mode as RecordingPolicy['mode'],
  announcement: fromJsonOrNull<NonNullable<RecordingPolicy['announcement']>>(row.announcement),
  retentionDays: row.retention_days,
});

const policyColumns = (p: NewPolicy) => ({
  ...scopeColumns(p.scope),
  mode: p.mode,
  announcement: p.announcement === null ? null : toJson(p.announcement),
  retention_days: p.retentionDays,
});

const toRecording = (row: RecordingsTable): Recording => ({
  id: row.id,
  organisationId: row.organisation_id,
  callId: row.call_id,
  durationMs: row.duration_ms,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export class KyselyRecordingRepository implements RecordingRepository {
  constructor(private readonly db: Db) {}

  async listPolicies(organisationId: string): Promise<RecordingPolicy[]> {
    const rows = await this.db.selectFrom('recording_policies').selectAll().where('organisation_id', '=', organisationId).orderBy('scope_key').execute();
    return rows.map(toPolicy);
  }

  async getPolicy(organisationId: string, id: string): Promise<RecordingPolicy | null> {
    const row = await this.db
      .selectFrom('recording_policies')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toPolicy(row) : null;
  }

  async createPolicy(organisationId: string, p: NewPolicy): Promise<RecordingPolicy> {
    const row: RecordingPoliciesTable = { id: newId(), organisation_id: organisationId, ...policyColumns(p) };
    await this.db.insertInto('recording_policies').values(row).execute();
    return toPolicy(row);
  }

  async updatePolicy(organisationId: string, p: RecordingPolicy): Promise<RecordingPolicy> {
    const result = await this.db
      .updateTable('recording_policies')
      .set(policyColumns(p))
      .where('organisation_id', '=', organisationId)
      .where('id', '=', p.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('recording policy', p.id);
    return (await this.getPolicy(organisationId, p.id)) as RecordingPolicy;
  }

  async deletePolicy(organisationId: string, id: string): Promise<void> {
    await this.db.deleteFrom('recording_policies').where('organisation_id', '=', organisationId).where('id', '=', id).execute();
  }

  /** Newest first, keyset paging on (created_at, id). */
  async list(organisationId: string, page: { limit: number; cursor?: string }): Promise<{ recordings: Recording[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.min(500, Math.floor(page.limit)));
    let query = this.db.selectFrom('recordings').selectAll().where('organisation_id', '=', organisationId);
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor);
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]),
      );
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const pageRows = rows.slice(0, limit);
    const last = pageRows.at(-1);
    return {
      recordings: pageRows.map(toRecording),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
    };
  }

  async get(organisationId: string, id: string): Promise<Recording | null> {
    const row = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toRecording(row) : null;
  }

  async create(organisationId: string, r: Omit<Recording, 'id' | 'organisationId'>): Promise<Recording> {
    const row: RecordingsTable = {
      id: newId(),
      organisation_id: organisationId,
      call_id: r.callId,
      duration_ms: r.durationMs,
      created_at: toIso(r.createdAt, 'createdAt'),
      expires_at: toIso(r.expiresAt, 'expiresAt'),
    };
    await this.db.insertInto('recordings').values(row).execute();
    return toRecording(row);
  }

  async delete(organisationId: string, id: string): Promise<void> {
    await this.db.deleteFrom('recordings').where('organisation_id', '=', organisationId).where('id', '=', id).execute();
  }

  async listExpired(now: string, limit: number): Promise<Recording[]> {
    const rows = await this.db
      .selectFrom('recordings')
      .selectAll()
      .where('expires_at', '<=', toIso(now, 'now'))
      .orderBy('expires_at')
      .orderBy('id')
      .limit(Math.max(1, Math.floor(limit)))
      .execute();
    return rows.map(toRecording);
  }
}
