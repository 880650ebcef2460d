import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The audit log. One row per change of a setting or security event; rows are written once and
 * the database refuses to change them (a trigger on both dialects), so an entry says what was
 * true when it was written.
 *
 * `organisation_id` is null for platform events (operator actions on trunks, a failed login for
 * an email nobody has). Deleting an organisation deletes its entries (ON DELETE CASCADE): its
 * history goes with it, like every other row of the organisation. The actor's account is not a
 * foreign key: the name and email at the time are kept, and an entry outlives the account.
 *
 * Indexes serve the searches newest first: by time, by object and by person within an
 * organisation, each ending in (at, id) for keyset paging.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.references('organisations.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_account_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('actor_email', 'text')
    .addColumn('source_address', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text')
    .addColumn('object_name', 'text')
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  const indexes: Array<[string, string[]]> = [
    ['audit_log_time_idx', ['organisation_id', 'at', 'id']],
    ['audit_log_object_idx', ['organisation_id', 'object_type', 'object_id', 'at', 'id']],
    ['audit_log_actor_idx', ['organisation_id', 'actor_account_id', 'at', 'id']],
  ];
  for (const [name, columns] of indexes) await db.schema.createIndex(name).on('audit_log').columns(columns).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function audit_log_refuse_update() returns trigger language plpgsql as $$
      begin raise exception 'audit log entries are never changed'; end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log for each row execute function audit_log_refuse_update()`.execute(
      db,
    );
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit log entries are never changed'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').ifExists().execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    await sql`drop function if exists audit_log_refuse_update()`.execute(db);
}
