import type { Kysely } from 'kysely';

/**
 * R57, R58 (issue 8): a call's recordings are looked up by their call (the call-log detail shows
 * them; an on-demand call can have several), so `(organisation_id, call_id)` is indexed.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('recordings_call_idx').on('recordings').columns(['organisation_id', 'call_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('recordings_call_idx').ifExists().execute();
}
