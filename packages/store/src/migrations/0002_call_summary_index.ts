import type { Kysely } from 'kysely';

/**
 * R60 statistics (CallRepository.summarise) count every call in a time range. With the columns
 * they group by in the index, both dialects read the index alone instead of fetching each call
 * row: measured in bench/README.md ("Call-log search").
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('calls_summary_idx')
    .on('calls')
    .columns(['organisation_id', 'started_at', 'outcome', 'wait_seconds', 'response_group_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('calls_summary_idx').ifExists().execute();
}
