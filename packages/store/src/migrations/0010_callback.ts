import type { Kysely } from 'kysely';

/**
 * R14 "callback that keeps the caller's place": the record of a call the switch placed to call a
 * queued caller back names the call that asked for it, so the call log shows both as one journey.
 * No foreign key: both rows belong to the same organisation and go with it, and a record is never
 * deleted on its own; the index serves "the callbacks of this call" (CallSearch.callbackForCallId).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('calls').addColumn('callback_for_call_id', 'text').execute();
  await db.schema
    .createIndex('calls_callback_for_call_idx')
    .on('calls')
    .columns(['organisation_id', 'callback_for_call_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('calls_callback_for_call_idx').execute();
  await db.schema.alterTable('calls').dropColumn('callback_for_call_id').execute();
}
