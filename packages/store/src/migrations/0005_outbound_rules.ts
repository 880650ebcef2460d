import { sql, type Kysely } from 'kysely';

/**
 * R91, R92 (issue 7, issue 10 "Toll fraud"):
 * - `outbound_rules`: one row per organisation, the rules as JSON text like the other settings.
 *   Every existing organisation gets the factory rules (national calls only: international,
 *   premium and satellite off), written out here rather than imported, since a migration must not
 *   change when the domain's defaults do. Calls to such numbers that worked before now need an
 *   admin to allow them; a PBX open to every number by default is what toll fraud feeds on.
 * - `calls.emergency`: the call log marks a call to an emergency number; earlier calls were not.
 *   A partial index serves the call log's "emergency calls only" filter, which would otherwise
 *   walk the whole log for the few rows it wants.
 */
const factoryRules = JSON.stringify({
  international: { allowed: false, countries: [] },
  premium: { allowed: false },
  satellite: { allowed: false },
});

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbound_rules')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('rules', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('outbound_rules')
    .columns(['organisation_id', 'rules'])
    .expression(db.selectFrom('organisations').select(['id', sql.lit(factoryRules).as('rules')]))
    .execute();

  await db.schema
    .alterTable('calls')
    .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('calls_emergency_idx')
    .on('calls')
    .columns(['organisation_id', 'started_at', 'id'])
    .where(sql.ref('emergency'), '=', 1)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('calls_emergency_idx').ifExists().execute();
  await db.schema.alterTable('calls').dropColumn('emergency').execute();
  await db.schema.dropTable('outbound_rules').ifExists().execute();
}
