import { NotFound, type CallRecord, type CallSearch } from '@vaxel/domain';
import { fromJson, newId, toIso, toIsoOrNull, toJson } from '../codec.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { CallsTable, Db } from '../database.ts';
import type { CallRepository } from '../ports.ts';

type NewCall = Omit<CallRecord, 'id' | 'organisationId'>;

const toCall = (row: CallsTable): CallRecord => ({
  id: row.id,
  organisationId: row.organisation_id,
  direction: row.direction as CallRecord['direction'],
  startedAt: row.started_at,
  answeredAt: row.answered_at,
  endedAt: row.ended_at,
  fromNumber: row.from_number,
  fromName: row.from_name,
  toNumber: row.to_number,
  fromUserId: row.from_user_id,
  toUserId: row.to_user_id,
  responseGroupId: row.response_group_id,
  ivrMenuId: row.ivr_menu_id,
  answeredByUserId: row.answered_by_user_id,
  outcome: row.outcome as CallRecord['outcome'],
  waitSeconds: row.wait_seconds,
  talkSeconds: row.talk_seconds,
  path: fromJson<CallRecord['path']>(row.path),
  recordingId: row.recording_id,
});

const columns = (call: NewCall) => ({
  direction: call.direction,
  started_at: toIso(call.startedAt, 'startedAt'),
  answered_at: toIsoOrNull(call.answeredAt, 'answeredAt'),
  ended_at: toIsoOrNull(call.endedAt, 'endedAt'),
  from_number: call.fromNumber,
  from_name: call.fromName,
  to_number: call.toNumber,
  from_user_id: call.fromUserId,
  to_user_id: call.toUserId,
  response_group_id: call.responseGroupId,
  ivr_menu_id: call.ivrMenuId,
  answered_by_user_id: call.answeredByUserId,
  outcome: call.outcome,
  wait_seconds: call.waitSeconds,
  talk_seconds: call.talkSeconds,
  path: toJson(call.path),
  recording_id: call.recordingId,
});

/** Rows per INSERT: 19 columns × 500 stays far below both dialects' parameter limits. */
const insertBatchSize = 500;

/** The call log (R58) and its search (R59). */
export class KyselyCallRepository implements CallRepository {
  constructor(private readonly db: Db) {}

  async create(organisationId: string, call: NewCall): Promise<CallRecord> {
    const row: CallsTable = { id: newId(), organisation_id: organisationId, ...columns(call) };
    await this.db.insertInto('calls').values(row).execute();
    return toCall(row);
  }

  async update(organisationId: string, call: CallRecord): Promise<CallRecord> {
    const result = await this.db
      .updateTable('calls')
      .set(columns(call))
      .where('organisation_id', '=', organisationId)
      .where('id', '=', call.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('call', call.id);
    return (await this.get(organisationId, call.id)) as CallRecord;
  }

  async get(organisationId: string, id: string): Promise<CallRecord | null> {
    const row = await this.db.selectFrom('calls').selectAll().where('organisation_id', '=', organisationId).where('id', '=', id).executeTakeFirst();
    return row ? toCall(row) : null;
  }

  /**
   * Newest first by (started_at, id); the cursor is the key of the last row of the previous page,
   * so a page costs the same however deep it is and rows written meanwhile neither repeat nor
   * vanish. One row more than asked tells whether there is a next page.
   */
  async search(organisationId: string, query: CallSearch): Promise<{ calls: CallRecord[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.min(500, Math.floor(query.limit ?? 50)));
    let q = this.db.selectFrom('calls').selectAll().where('organisation_id', '=', organisationId);
    if (query.from !== undefined) q = q.where('started_at', '>=', toIso(query.from, 'from'));
    if (query.to !== undefined) q = q.where('started_at', '<', toIso(query.to, 'to'));
    if (query.number !== undefined) {
      // Exact match on either party; digits without "+" also find the E.164 form.
      const forms = query.number.startsWith('+') ? [query.number] : [query.number, `+${query.number}`];
      q = q.where((eb) => eb.or([eb('from_number', 'in', forms), eb('to_number', 'in', forms)]));
    }
    if (query.userId !== undefined) {
      const userId = query.userId;
      q = q.where((eb) => eb.or([eb('from_user_id', '=', userId), eb('to_user_id', '=', userId), eb('answered_by_user_id', '=', userId)]));
    }
    if (query.responseGroupId !== undefined) q = q.where('response_group_id', '=', query.responseGroupId);
    if (query.direction !== undefined) q = q.where('direction', '=', query.direction);
    if (query.outcome !== undefined) q = q.where('outcome', '=', query.outcome);
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor);
      q = q.where((eb) => eb(eb.refTuple('started_at', 'id'), '<', eb.tuple(after.at, after.id)));
    }
    const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      calls: page.map(toCall),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.started_at, id: last.id }) : null,
    };
  }

  async listUnfinished(): Promise<CallRecord[]> {
    const rows = await this.db.selectFrom('calls').selectAll().where('ended_at', 'is', null).orderBy('started_at').orderBy('id').execute();
    return rows.map(toCall);
  }

  /** In batches, in one transaction (the caller's if it is in one). */
  async insertMany(organisationId: string, calls: NewCall[]): Promise<void> {
    if (calls.length === 0) return;
    const insert = async (db: Db) => {
      for (let start = 0; start < calls.length; start += insertBatchSize) {
        const batch = calls.slice(start, start + insertBatchSize);
        await db
          .insertInto('calls')
          .values(batch.map((call) => ({ id: newId(), organisation_id: organisationId, ...columns(call) })))
          .execute();
      }
    };
    if (this.db.isTransaction) await insert(this.db);
    else await this.db.transaction().execute(insert);
  }
}
