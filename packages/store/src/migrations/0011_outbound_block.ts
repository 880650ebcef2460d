import type { Kysely } from 'kysely';

/**
 * Issue 10 "Toll fraud": an organisation's international calls blocked by the switch after a spike
 * of them, until an admin lifts it. One row per organisation (a block is on or off; a second spike
 * during a block changes nothing). Kept in the database rather than the switch's memory so a
 * restart of the switch does not lift it. The limits themselves live in `outbound_rules.rules`
 * (JSON): rows written before them read with the factory limits, so no data migration is needed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbound_blocks')
    .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('calls', 'integer', (c) => c.notNull())
    .addColumn('seconds', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbound_blocks').ifExists().execute();
}
