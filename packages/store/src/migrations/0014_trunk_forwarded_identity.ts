import type { Kysely } from 'kysely';

/**
 * Issue 10: what a call forwarded out through a trunk presents (domain `ForwardedCallerId`).
 * Trunks that existed before keep what the switch did for them so far — the original caller with
 * a Diversion naming the forwarding number (RFC 5806) — through the column's default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('trunks')
    .addColumn('forwarded_caller_id', 'text', (c) => c.notNull().defaultTo('original_with_diversion'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('trunks').dropColumn('forwarded_caller_id').execute();
}
