import type { Kysely } from 'kysely';

/**
 * Issue 10 "honest call log": each record says why the call ended (domain `EndReason`). Records
 * written before it keep null: nobody knows why they ended, and guessing would be a lie.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calls').addColumn('end_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calls').dropColumn('end_reason').execute();
}
