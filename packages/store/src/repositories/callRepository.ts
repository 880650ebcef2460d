import { NotFound, type CallRecord, type CallSearch } from '@vaxel/domain';
import { fromJson, newId, toIso, toIsoOrNull, toJson } from '../codec.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { CallsTable, Database, Db } from '../database.ts';
import type { CallRepository } from '../ports.ts';

type NewCall = Omit<CallRecord, 'id' | 'organisationId'>;
type Condition = (eb: ExpressionBuilder<Database, 'calls'>) => Expression<SqlBool>;

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
   *
   * "number" and "user" match any of several columns. An OR over them makes the database merge
   * every matching row and sort them all (a busy group number has tens of thousands over a month);
   * instead each column is its own branch that walks its index newest first and stops after a
   * page, and the page is cut from the union of the branches (see bench/README.md).
   */
  async search(organisationId: string, query: CallSearch): Promise<{ calls: CallRecord[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.min(500, Math.floor(query.limit ?? 50)));
    const filters = this.filters(organisationId, query);
    const branches: Condition[] = [];
    if (query.number !== undefined) {
      // Exact match on either party; digits without "+" also find the E.164 form.
      const forms = query.number.startsWith('+') ? [query.number] : [query.number, `+${query.number}`];
      for (const form of forms) branches.push((eb) => eb('from_number', '=', form), (eb) => eb('to_number', '=', form));
    } else if (query.userId !== undefined) {
      const userId = query.userId;
      branches.push((eb) => eb('from_user_id', '=', userId), (eb) => eb('to_user_id', '=', userId), (eb) => eb('answered_by_user_id', '=', userId));
    }

    let rows: CallsTable[];
    if (branches.length === 0) {
      rows = await this.db
        .selectFrom('calls')
        .selectAll()
        .where(filters)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
    } else {
      const [first, ...rest] = branches.map((branch, i) =>
        this.db
          .selectFrom(
            this.db
              .selectFrom('calls')
              .select('id')
              .where(filters)
              .where(branch)
              .orderBy('started_at', 'desc')
              .orderBy('id', 'desc')
              .limit(limit + 1)
              .as(`branch${i}`),
          )
          .select('id'),
      );
      const matching = rest.reduce((union, next) => union.union(next), first!);
      rows = await this.db
        .selectFrom('calls')
        .selectAll()
        .where('id', 'in', matching)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      calls: page.map(toCall),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.started_at, id: last.id }) : null,
    };
  }

  /** The AND-ed filters of a search, except the one the branches split (see search). */
  private filters(organisationId: string, query: CallSearch): Condition {
    const from = query.from === undefined ? undefined : toIso(query.from, 'from');
    const to = query.to === undefined ? undefined : toIso(query.to, 'to');
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const userAsFilter = query.number !== undefined ? query.userId : undefined;
    return (eb) => {
      const all: Expression<SqlBool>[] = [eb('organisation_id', '=', organisationId)];
      if (from !== undefined) all.push(eb('started_at', '>=', from));
      if (to !== undefined) all.push(eb('started_at', '<', to));
      if (userAsFilter !== undefined) {
        all.push(eb.or([eb('from_user_id', '=', userAsFilter), eb('to_user_id', '=', userAsFilter), eb('answered_by_user_id', '=', userAsFilter)]));
      }
      if (query.responseGroupId !== undefined) all.push(eb('response_group_id', '=', query.responseGroupId));
      if (query.direction !== undefined) all.push(eb('direction', '=', query.direction));
      if (query.outcome !== undefined) all.push(eb('outcome', '=', query.outcome));
      if (after !== undefined) all.push(eb(eb.refTuple('started_at', 'id'), '<', eb.tuple(after.at, after.id)));
      return eb.and(all);
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
