import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Accounts that belong to their person (issue 7):
 * - sessions get a public id (what the console shows and revokes; never the token or its hash),
 *   the time of last use, and the address and user agent they were opened from;
 * - invitations: a user stays a pending member of the organisation while one exists for them;
 *   only the SHA-256 of the token is kept, and accepting deletes them all;
 * - password resets, kept the same way;
 * - failed logins and the addresses an account logged in from, for the throttle that holds across
 *   restarts and API nodes (api/src/auth/loginThrottle.ts).
 */
// Migrations must not depend on today's Database type.
type Db = Kysely<any>;
const text = 'text' as const;

export async function up(db: Db): Promise<void> {
  for (const column of ['id', 'last_used_at', 'address', 'user_agent']) {
    await db.schema.alterTable('tokens').addColumn(column, text).execute();
  }
  // Sessions open at the upgrade stay valid and get their public id here.
  for (const row of await db.selectFrom('tokens').select('token_hash').execute()) {
    await db.updateTable('tokens').set({ id: randomUUID() }).where('token_hash', '=', row.token_hash).execute();
  }
  await db.schema.createIndex('tokens_id_key').on('tokens').column('id').unique().execute();
  await db.schema.createIndex('tokens_account_idx').on('tokens').column('account_id').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organisation_id', text, (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('token_hash', text, (c) => c.notNull().unique())
    .addColumn('created_by_account_id', text, (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .addForeignKeyConstraint('invitations_organisation_fk', ['organisation_id'], 'organisations', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'invitations_user_id_fk',
      ['organisation_id', 'user_id'],
      'users',
      ['organisation_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('invitations_user_idx')
    .on('invitations')
    .columns(['organisation_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', text, (c) => c.primaryKey())
    .addColumn('account_id', text, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_resets_account_idx')
    .on('password_resets')
    .columns(['account_id', 'created_at'])
    .execute();

  // Not linked to accounts: failures for emails without an account are counted the same way.
  await db.schema
    .createTable('login_failures')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('failed_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('login_failures_email_idx')
    .on('login_failures')
    .columns(['email', 'failed_at'])
    .execute();
  await db.schema
    .createIndex('login_failures_address_idx')
    .on('login_failures')
    .columns(['address', 'failed_at'])
    .execute();

  await db.schema
    .createTable('login_addresses')
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('address', text, (c) => c.notNull())
    .addColumn('last_success_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('login_addresses_pkey', ['email', 'address'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of ['login_addresses', 'login_failures', 'password_resets', 'invitations'])
    await db.schema.dropTable(table).ifExists().execute();
  await db.schema.dropIndex('tokens_account_idx').ifExists().execute();
  await db.schema.dropIndex('tokens_id_key').ifExists().execute();
  for (const column of ['user_agent', 'address', 'last_used_at', 'id'])
    await db.schema.alterTable('tokens').dropColumn(column).execute();
}
