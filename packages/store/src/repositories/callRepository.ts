import { NotFound, type CallRecord, type CallSearch } from '@vaxel/domain';
import { fromFlag, fromJson, newId, toCount, toFlag, toIso, toIsoOrNull, toJson } from '../codec.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { CallsTable, Database, Db } from '../database.ts';
import type { CallRepository, CallSummary, CallSummaryQuery } from '../ports.ts';

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
  // Only once known (0012): open calls and records from before it have none.
  ...(row.end_reason ? { endReason: row.end_reason as CallRecord['endReason'] } : {}),
  waitSeconds: row.wait_seconds,
  talkSeconds: row.talk_seconds,
  path: fromJson<CallRecord['path']>(row.path),
  recordingId: row.recording_id,
  emergency: fromFlag(row.emergency),
  // Left out when none, so records of calls without voicemail read as they did before 0007.
  ...(row.voicemail_message_id ? { voicemailMessageId: row.voicemail_message_id } : {}),
  // Likewise only on callback calls (0010).
  ...(row.callback_for_call_id ? { callbackForCallId: row.callback_for_call_id } : {}),
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
  end_reason: call.endReason ?? null,
  wait_seconds: call.waitSeconds,
  talk_seconds: call.talkSeconds,
  path: toJson(call.path),
  recording_id: call.recordingId,
  emergency: toFlag(call.emergency),
  voicemail_message_id: call.voicemailMessageId ?? null,
  callback_for_call_id: call.callbackForCallId ?? null,
});

/** A searched number matches exactly; digits without "+" also match the E.164 form. */
function numberForms(number: string | undefined): string[] {
  if (number === undefined) return [];
  return number.startsWith('+') ? [number] : [number, `+${number}`];
}

/** Rows per INSERT: 20 columns × 500 stays far below both dialects' parameter limits. */
const insertBatchSize = 500;

/** The call log (R58) and its search (R59). */
export class KyselyCallRepository implements CallRepository {
  constructor(private readonly db: Db) {}

  async create(organisationId: string, call: NewCall): Promise<CallRecord> {
    const row: CallsTable = { id: newId(), organisation_id: organisationId, ...columns(call) };
    await this.db.insertInto('calls').values(row).execute();
    return toCall(row);
  }

  /**
   * One statement: the row as written comes back with RETURNING (SQLite ≥ 3.35 and PostgreSQL),
   * not by a second read. Given `previous`, only the columns that differ from it are assigned:
   * SQLite rewrites the entries of every index over an assigned column, changed or not, and the
   * calls table has ten such indexes (a full update cost ~90 µs, one column ~9 µs; bench/README.md
   * "Call set-up profile").
   */
  async update(organisationId: string, call: CallRecord, previous?: CallRecord): Promise<CallRecord> {
    const next = columns(call);
    const before = previous ? columns(previous) : null;
    const changed = before
      ? Object.fromEntries(
          Object.entries(next).filter(([column, value]) => before[column as keyof typeof next] !== value),
        )
      : next;
    if (Object.keys(changed).length === 0) {
      const unchanged = await this.get(organisationId, call.id);
      if (!unchanged) throw new NotFound('call', call.id);
      return unchanged;
    }
    const row = await this.db
      .updateTable('calls')
      .set(changed)
      .where('organisation_id', '=', organisationId)
      .where('id', '=', call.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new NotFound('call', call.id);
    return toCall(row);
  }

  async get(organisationId: string, id: string): Promise<CallRecord | null> {
    const row = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('id', '=', id)
      .executeTakeFirst();
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
    const split = query.number !== undefined ? 'number' : query.userId !== undefined ? 'user' : null;
    const filters = this.filters(organisationId, query, split);
    const branches: Condition[] = [];
    if (split === 'number') {
      for (const form of numberForms(query.number))
        branches.push(
          (eb) => eb('from_number', '=', form),
          (eb) => eb('to_number', '=', form),
        );
    } else if (split === 'user' && query.userId !== undefined) {
      const userId = query.userId;
      branches.push(
        (eb) => eb('from_user_id', '=', userId),
        (eb) => eb('to_user_id', '=', userId),
        (eb) => eb('answered_by_user_id', '=', userId),
      );
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

  /**
   * The AND-ed filters of a search. `split` names the filter that search runs as branches
   * instead (see search); it is left out here. Digits without "+" also find the E.164 form.
   */
  private filters(
    organisationId: string,
    query: CallSummaryQuery & { cursor?: string },
    split: 'number' | 'user' | null,
  ): Condition {
    const from = query.from === undefined ? undefined : toIso(query.from, 'from');
    const to = query.to === undefined ? undefined : toIso(query.to, 'to');
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const forms = numberForms(query.number);
    const userId = query.userId;
    return (eb) => {
      const all: Expression<SqlBool>[] = [eb('organisation_id', '=', organisationId)];
      if (from !== undefined) all.push(eb('started_at', '>=', from));
      if (to !== undefined) all.push(eb('started_at', '<', to));
      if (forms.length > 0 && split !== 'number')
        all.push(eb.or([eb('from_number', 'in', forms), eb('to_number', 'in', forms)]));
      if (userId !== undefined && split !== 'user') {
        all.push(
          eb.or([
            eb('from_user_id', '=', userId),
            eb('to_user_id', '=', userId),
            eb('answered_by_user_id', '=', userId),
          ]),
        );
      }
      if (query.responseGroupId !== undefined) all.push(eb('response_group_id', '=', query.responseGroupId));
      if (query.direction !== undefined) all.push(eb('direction', '=', query.direction));
      if (query.outcome !== undefined) all.push(eb('outcome', '=', query.outcome));
      if (query.emergency !== undefined) all.push(eb('emergency', '=', toFlag(query.emergency)));
      if (query.callbackForCallId !== undefined) all.push(eb('callback_for_call_id', '=', query.callbackForCallId));
      if (after !== undefined) all.push(eb(eb.refTuple('started_at', 'id'), '<', eb.tuple(after.at, after.id)));
      return eb.and(all);
    };
  }

  /** R60: counted in the database over all matching calls; the caller buckets by its time zone. */
  async summarise(organisationId: string, query: CallSummaryQuery): Promise<CallSummary> {
    const where = this.filters(organisationId, query, null);
    // 'YYYY-MM-DDTHH:' plus the quarter the minute falls in; text functions both dialects share.
    const quarter = sql<string>`substr(started_at, 1, 14) || case when substr(started_at, 15, 2) < '15' then '00' when substr(started_at, 15, 2) < '30' then '15' when substr(started_at, 15, 2) < '45' then '30' else '45' end`;
    const [slots, waits, groups] = await Promise.all([
      this.db
        .selectFrom('calls')
        .select((eb) => [quarter.as('slot'), 'outcome', eb.fn.countAll<string | number>().as('calls')])
        .where(where)
        .groupBy([quarter, 'outcome'])
        .execute(),
      this.db
        .selectFrom('calls')
        .select((eb) => ['wait_seconds', eb.fn.countAll<string | number>().as('calls')])
        .where(where)
        .where('wait_seconds', 'is not', null)
        .groupBy('wait_seconds')
        .orderBy('wait_seconds')
        .execute(),
      this.db
        .selectFrom('calls')
        .select((eb) => ['response_group_id', 'outcome', eb.fn.countAll<string | number>().as('calls')])
        .where(where)
        .where('response_group_id', 'is not', null)
        .groupBy(['response_group_id', 'outcome'])
        .execute(),
    ]);
    // Sorted here, not by the database: the dialects disagree where NULL sorts.
    const byOutcome = (a: string | null, b: string | null) =>
      a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
    return {
      slots: slots
        .map((r) => ({
          start: `${r.slot}:00.000Z`,
          outcome: r.outcome as CallRecord['outcome'],
          calls: toCount(r.calls),
        }))
        .sort((a, b) => (a.start === b.start ? byOutcome(a.outcome, b.outcome) : a.start < b.start ? -1 : 1)),
      waitSeconds: waits.map((r) => ({ seconds: Number(r.wait_seconds), calls: toCount(r.calls) })),
      byResponseGroup: groups
        .map((r) => ({
          responseGroupId: r.response_group_id as string,
          outcome: r.outcome as CallRecord['outcome'],
          calls: toCount(r.calls),
        }))
        .sort((a, b) =>
          a.responseGroupId === b.responseGroupId
            ? byOutcome(a.outcome, b.outcome)
            : a.responseGroupId < b.responseGroupId
              ? -1
              : 1,
        ),
    };
  }

  /** Walks calls_response_group_idx (organisation, group, started_at, id) from `from` on. */
  async listForGroup(organisationId: string, responseGroupId: string, from: string): Promise<CallRecord[]> {
    const rows = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('response_group_id', '=', responseGroupId)
      .where('started_at', '>=', toIso(from, 'from'))
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    return rows.map(toCall);
  }

  async answeredByAgent(
    organisationId: string,
    responseGroupId: string,
    since: string,
  ): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('calls')
      .select((eb) => ['answered_by_user_id', eb.fn.countAll<string | number>().as('calls')])
      .where('organisation_id', '=', organisationId)
      .where('response_group_id', '=', responseGroupId)
      .where('started_at', '>=', toIso(since, 'since'))
      .where('answered_by_user_id', 'is not', null)
      .groupBy('answered_by_user_id')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.answered_by_user_id as string, toCount(r.calls)]));
  }

  async listUnfinished(): Promise<CallRecord[]> {
    const rows = await this.db
      .selectFrom('calls')
      .selectAll()
      .where('ended_at', 'is', null)
      .orderBy('started_at')
      .orderBy('id')
      .execute();
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
