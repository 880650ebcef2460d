import type { AuditActor, AuditEntry, AuditSearch, NewAuditEntry } from '@vaxel/domain';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { fromJson, fromJsonOrNull, toIso, toJson, newTimeOrderedId } from '../codec.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { AuditLogTable, Database, Db } from '../database.ts';
import type { AuditLogRepository } from '../ports.ts';

type Condition = (eb: ExpressionBuilder<Database, 'audit_log'>) => Expression<SqlBool>;

const toEntry = (row: AuditLogTable): AuditEntry => ({
  id: row.id,
  organisationId: row.organisation_id,
  at: row.at,
  actor: {
    kind: row.actor_kind as AuditActor['kind'],
    accountId: row.actor_account_id,
    name: row.actor_name,
    email: row.actor_email,
  },
  sourceAddress: row.source_address,
  action: row.action,
  objectType: row.object_type,
  objectId: row.object_id,
  objectName: row.object_name,
  changes: fromJson<AuditEntry['changes']>(row.changes),
  detail: fromJsonOrNull<Record<string, unknown>>(row.detail),
});

/** Tenant scope: an organisation's entries, or the platform's (organisation null). */
const inScope =
  (organisationId: string | null): Condition =>
  (eb) =>
    organisationId === null ? eb('organisation_id', 'is', null) : eb('organisation_id', '=', organisationId);

/** The audit log: append-only, searched newest first. */
export class KyselyAuditLogRepository implements AuditLogRepository {
  constructor(private readonly db: Db) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = toIso(entry.at, 'at');
    const row: AuditLogTable = {
      id: newTimeOrderedId(new Date(at)),
      organisation_id: entry.organisationId,
      at,
      actor_kind: entry.actor.kind,
      actor_account_id: entry.actor.accountId,
      actor_name: entry.actor.name,
      actor_email: entry.actor.email,
      source_address: entry.sourceAddress,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      object_name: entry.objectName,
      changes: toJson(entry.changes),
      detail: entry.detail === null ? null : toJson(entry.detail),
    };
    await this.db.insertInto('audit_log').values(row).execute();
    return toEntry(row);
  }

  /**
   * Newest first by (at, id); the cursor is the key of the last entry returned, so a page costs
   * the same however deep it is (as the call log's search). One row more than asked tells
   * whether there is a next page.
   */
  async search(
    organisationId: string | null,
    query: AuditSearch,
  ): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
    const limit = Math.max(1, Math.min(200, Math.floor(query.limit ?? 50)));
    const from = query.from === undefined ? undefined : toIso(query.from, 'from');
    const to = query.to === undefined ? undefined : toIso(query.to, 'to');
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) => {
        const all: Expression<SqlBool>[] = [inScope(organisationId)(eb)];
        if (query.objectType !== undefined) all.push(eb('object_type', '=', query.objectType));
        if (query.objectId !== undefined) all.push(eb('object_id', '=', query.objectId));
        if (query.actorAccountId !== undefined) all.push(eb('actor_account_id', '=', query.actorAccountId));
        if (from !== undefined) all.push(eb('at', '>=', from));
        if (to !== undefined) all.push(eb('at', '<', to));
        if (after !== undefined) all.push(eb(eb.refTuple('at', 'id'), '<', eb.tuple(after.at, after.id)));
        return eb.and(all);
      })
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      entries: page.map(toEntry),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
    };
  }

  async get(organisationId: string | null, id: string): Promise<AuditEntry | null> {
    const row = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where(inScope(organisationId))
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toEntry(row) : null;
  }

  /**
   * Grouped in the database by account, name and email (few rows even for a long log); the
   * latest name and email per account is picked here.
   */
  async actors(organisationId: string | null): Promise<AuditActor[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .select((eb) => ['actor_account_id', 'actor_name', 'actor_email', eb.fn.max('at').as('last_at')])
      .where(inScope(organisationId))
      .where('actor_kind', '=', 'account')
      .where('actor_account_id', 'is not', null)
      .groupBy(['actor_account_id', 'actor_name', 'actor_email'])
      .execute();
    const latest = new Map<string, { actor: AuditActor; at: string }>();
    for (const row of rows) {
      const accountId = row.actor_account_id as string;
      const seen = latest.get(accountId);
      if (!seen || row.last_at > seen.at) {
        latest.set(accountId, {
          actor: { kind: 'account', accountId, name: row.actor_name, email: row.actor_email },
          at: row.last_at,
        });
      }
    }
    return [...latest.values()]
      .map((v) => v.actor)
      .sort((a, b) => a.name.localeCompare(b.name) || (a.accountId ?? '').localeCompare(b.accountId ?? ''));
  }
}
