import {
  NotFound,
  type Recording,
  type RecordingListing,
  type RecordingPolicy,
  type RecordingScope,
} from '@vaxel/domain';
import { fromJsonOrNull, newId, toIso, toJson } from '../codec.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Db, RecordingPoliciesTable, RecordingsTable } from '../database.ts';
import type { RecordingRepository, RecordingSearch } from '../ports.ts';

type NewPolicy = Omit<RecordingPolicy, 'id' | 'organisationId'>;

/** One policy per scope (R56): the scope as one comparable key, unique per organisation. */
function scopeColumns(scope: RecordingScope) {
  switch (scope.type) {
    case 'organisation':
      return {
        scope_key: 'organisation',
        scope_type: 'organisation',
        scope_user_id: null,
        scope_response_group_id: null,
      };
    case 'user':
      return {
        scope_key: `user:${scope.userId}`,
        scope_type: 'user',
        scope_user_id: scope.userId,
        scope_response_group_id: null,
      };
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
    const rows = await this.db
      .selectFrom('recording_policies')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('scope_key')
      .execute();
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
    await this.db
      .deleteFrom('recording_policies')
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .execute();
  }

  /** Newest first, keyset paging on (created_at, id). */
  async list(
    organisationId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ recordings: Recording[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.min(500, Math.floor(page.limit)));
    let query = this.db.selectFrom('recordings').selectAll().where('organisation_id', '=', organisationId);
    if (page.cursor !== undefined) {
      const after = decodeCursor(page.cursor);
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
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

  /** Also unlinks the call-log record, so no call points at a recording that is gone. */
  async delete(organisationId: string, id: string): Promise<void> {
    await this.db.deleteFrom('recordings').where('organisation_id', '=', organisationId).where('id', '=', id).execute();
    await this.db
      .updateTable('calls')
      .set({ recording_id: null })
      .where('organisation_id', '=', organisationId)
      .where('recording_id', '=', id)
      .execute();
  }

  async finish(organisationId: string, id: string, durationMs: number): Promise<void> {
    const result = await this.db
      .updateTable('recordings')
      .set({ duration_ms: Math.max(0, Math.round(durationMs)) })
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('recording', id);
  }

  /** The call is joined within the organisation (a call id of another tenant never matches). */
  async search(
    organisationId: string,
    search: RecordingSearch,
  ): Promise<{ recordings: RecordingListing[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.min(500, Math.floor(search.limit)));
    let query = this.db
      .selectFrom('recordings as r')
      .leftJoin('calls as c', (join) =>
        join.onRef('c.id', '=', 'r.call_id').onRef('c.organisation_id', '=', 'r.organisation_id'),
      )
      .selectAll('r')
      .select([
        'c.id as c_id',
        'c.direction as c_direction',
        'c.started_at as c_started_at',
        'c.from_number as c_from_number',
        'c.from_name as c_from_name',
        'c.to_number as c_to_number',
        'c.from_user_id as c_from_user_id',
        'c.to_user_id as c_to_user_id',
        'c.answered_by_user_id as c_answered_by_user_id',
        'c.response_group_id as c_response_group_id',
      ])
      .where('r.organisation_id', '=', organisationId);
    if (search.callId !== undefined) query = query.where('r.call_id', '=', search.callId);
    const involving = search.involving;
    if (involving) {
      query = query.where((eb) =>
        eb.or([
          eb('c.from_user_id', '=', involving.userId),
          eb('c.to_user_id', '=', involving.userId),
          eb('c.answered_by_user_id', '=', involving.userId),
          ...(involving.responseGroupIds.length > 0
            ? [eb('c.response_group_id', 'in', involving.responseGroupIds)]
            : []),
        ]),
      );
    }
    if (search.cursor !== undefined) {
      const after = decodeCursor(search.cursor);
      query = query.where((eb) =>
        eb.or([
          eb('r.created_at', '<', after.at),
          eb.and([eb('r.created_at', '=', after.at), eb('r.id', '<', after.id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('r.created_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit + 1)
      .execute();
    const pageRows = rows.slice(0, limit);
    const last = pageRows.at(-1);
    return {
      recordings: pageRows.map((row) => ({
        ...toRecording(row),
        call:
          row.c_id === null
            ? null
            : {
                direction: row.c_direction as NonNullable<RecordingListing['call']>['direction'],
                startedAt: row.c_started_at as string,
                fromNumber: row.c_from_number as string,
                fromName: row.c_from_name,
                toNumber: row.c_to_number as string,
                fromUserId: row.c_from_user_id,
                toUserId: row.c_to_user_id,
                answeredByUserId: row.c_answered_by_user_id,
                responseGroupId: row.c_response_group_id,
              },
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
    };
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
