import type { Kysely } from 'kysely';

/**
 * Issue 10 "honest call log after a crash":
 * - `switch_heartbeats`: one row per switch instance, "alive at" rewritten every few seconds, so a
 *   switch that was killed knows when it died and closes its open records at that moment;
 * - `live_dialogs`: the SIP dialogs of the answered calls in progress (one row per leg), written
 *   when answered and deleted when ended, so a restarted switch can send each phone left in a call
 *   a BYE (RFC 3261 §15). `dialog` is JSON (Call-ID, tags, remote target, route set, CSeq,
 *   transport, where the phone's SIP came from): only the switch reads it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('switch_heartbeats')
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('alive_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('live_dialogs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull())
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('dialog', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_dialogs_instance_idx').on('live_dialogs').columns(['instance_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('live_dialogs').execute();
  await db.schema.dropTable('switch_heartbeats').execute();
}
