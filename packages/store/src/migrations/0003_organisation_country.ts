import type { Kysely } from 'kysely';

/**
 * The country an organisation dials from: national numbers (070-123 45 67) are normalised to E.164
 * with it and its emergency numbers are known. Existing organisations were all Swedish.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('organisations')
    .addColumn('country', 'text', (c) => c.notNull().defaultTo('SE'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').dropColumn('country').execute();
}
