import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { uniqueRules as u } from '../constraints.ts';

/**
 * The first schema, one definition for SQLite and PostgreSQL (Kysely's schema builder).
 * Every tenant table carries `organisation_id` and references the organisation; rows that point
 * at a user, team or group do so with a composite key (organisation_id, id), so the database
 * itself refuses a link across organisations, and memberships go with the user or group when it
 * is deleted (ON DELETE CASCADE). Migrations are frozen once released: change the schema in a new file.
 */

// Kysely's schema builder is untyped by design: migrations must not depend on today's Database type.
type Db = Kysely<any>;
type Table = CreateTableBuilder<string, string>;

const text = 'text' as const;
const integer = 'integer' as const;

/** organisation_id, referencing the organisation. */
function tenant(table: Table, name: string): Table {
  return table
    .addColumn('organisation_id', text, (c) => c.notNull())
    .addForeignKeyConstraint(`${name}_organisation_fk`, ['organisation_id'], 'organisations', ['id'], (fk) =>
      fk.onDelete('cascade'),
    );
}

/** A link to a row of the same organisation; deleting the row deletes the link. */
function sameTenantLink(table: Table, name: string, column: string, target: string): Table {
  return table.addForeignKeyConstraint(
    `${name}_${column}_fk`,
    ['organisation_id', column],
    target,
    ['organisation_id', 'id'],
    (fk) => fk.onDelete('cascade'),
  );
}

export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('time_zone', text, (c) => c.notNull())
    .addColumn('language', text, (c) => c.notNull())
    .addColumn('package', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('password_hash', text)
    .addUniqueConstraint(u.accountEmail.name, ['email'])
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('token_hash', text, (c) => c.primaryKey())
    .addColumn('account_id', text, (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('kind', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tokens_expires_idx').on('tokens').column('expires_at').execute();

  await tenant(
    db.schema.createTable('numbers').addColumn('number', text, (c) => c.primaryKey()),
    'numbers',
  )
    .addColumn('type', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('numbers_organisation_idx')
    .on('numbers')
    .columns(['organisation_id', 'number'])
    .execute();

  await tenant(
    db.schema.createTable('users').addColumn('id', text, (c) => c.primaryKey()),
    'users',
  )
    .addColumn('account_id', text, (c) => c.notNull().references('accounts.id'))
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('email', text, (c) => c.notNull())
    .addColumn('licence', text, (c) => c.notNull())
    .addColumn('permissions', text, (c) => c.notNull())
    .addColumn('extension', text, (c) => c.notNull())
    .addColumn('mobile_number', text)
    .addColumn('landline_number', text)
    .addColumn('sip_username', text, (c) => c.notNull())
    .addColumn('sip_ha1_md5', text)
    .addColumn('sip_ha1_sha256', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addUniqueConstraint('users_tenant_key', ['organisation_id', 'id'])
    .addUniqueConstraint(u.sipUsername.name, ['sip_username'])
    .addUniqueConstraint(u.userExtension.name, ['organisation_id', 'extension'])
    .addUniqueConstraint(u.userMobile.name, ['organisation_id', 'mobile_number'])
    .addUniqueConstraint(u.userLandline.name, ['organisation_id', 'landline_number'])
    .execute();
  await db.schema.createIndex('users_account_idx').on('users').column('account_id').execute();

  await tenant(
    db.schema.createTable('teams').addColumn('id', text, (c) => c.primaryKey()),
    'teams',
  )
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addUniqueConstraint('teams_tenant_key', ['organisation_id', 'id'])
    .execute();

  let members = tenant(db.schema.createTable('team_members'), 'team_members')
    .addColumn('team_id', text, (c) => c.notNull())
    .addColumn('user_id', text, (c) => c.notNull())
    .addColumn('position', integer, (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pkey', ['team_id', 'user_id']);
  members = sameTenantLink(members, 'team_members', 'team_id', 'teams');
  await sameTenantLink(members, 'team_members', 'user_id', 'users').execute();
  await db.schema
    .createIndex('team_members_user_idx')
    .on('team_members')
    .columns(['organisation_id', 'user_id'])
    .execute();

  await tenant(
    db.schema.createTable('response_groups').addColumn('id', text, (c) => c.primaryKey()),
    'response_groups',
  )
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('number', text, (c) => c.notNull())
    .addColumn('billing_number', text, (c) => c.notNull())
    .addColumn('numeric_id', text, (c) => c.notNull())
    .addColumn('settings', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addUniqueConstraint('response_groups_tenant_key', ['organisation_id', 'id'])
    .addUniqueConstraint(u.groupNumericId.name, ['organisation_id', 'numeric_id'])
    .addUniqueConstraint(u.groupNumber.name, ['organisation_id', 'number'])
    .execute();

  for (const role of ['agents', 'supervisors'] as const) {
    const name = `response_group_${role}`;
    let table = tenant(db.schema.createTable(name), name)
      .addColumn('response_group_id', text, (c) => c.notNull())
      .addColumn('user_id', text, (c) => c.notNull());
    if (role === 'agents') table = table.addColumn('logged_in', integer, (c) => c.notNull());
    table = table
      .addColumn('position', integer, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${name}_pkey`, ['response_group_id', 'user_id']);
    table = sameTenantLink(table, name, 'response_group_id', 'response_groups');
    await sameTenantLink(table, name, 'user_id', 'users').execute();
    await db.schema.createIndex(`${name}_user_idx`).on(name).columns(['organisation_id', 'user_id']).execute();
  }

  await db.schema
    .createTable('response_group_defaults')
    .addColumn('organisation_id', text, (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('settings', text, (c) => c.notNull())
    .execute();

  await tenant(
    db.schema.createTable('ivr_menus').addColumn('id', text, (c) => c.primaryKey()),
    'ivr_menus',
  )
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('number', text)
    .addColumn('billing_number', text)
    .addColumn('prompts', text, (c) => c.notNull())
    .addColumn('keys', text, (c) => c.notNull())
    .addColumn('opening_hours', text)
    .addColumn('closed_prompt', text)
    .addColumn('closed_destination', text, (c) => c.notNull())
    .addColumn('advanced', text, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .addUniqueConstraint('ivr_menus_tenant_key', ['organisation_id', 'id'])
    .addUniqueConstraint(u.menuNumber.name, ['organisation_id', 'number'])
    .execute();

  await db.schema
    .createTable('call_routing_defaults')
    .addColumn('organisation_id', text, (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('defaults', text, (c) => c.notNull())
    .execute();

  await sameTenantLink(
    tenant(db.schema.createTable('routing_overrides'), 'routing_overrides')
      .addColumn('user_id', text, (c) => c.primaryKey())
      .addColumn('overrides', text, (c) => c.notNull())
      .addColumn('caller_id_number', text),
    'routing_overrides',
    'user_id',
    'users',
  ).execute();

  await tenant(
    db.schema.createTable('audio_files').addColumn('id', text, (c) => c.primaryKey()),
    'audio_files',
  )
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('language', text, (c) => c.notNull())
    .addColumn('source', text, (c) => c.notNull())
    .addColumn('tts_text', text)
    .addColumn('duration_ms', integer, (c) => c.notNull())
    .addColumn('original_mime_type', text, (c) => c.notNull())
    .addColumn('original_file_name', text)
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('updated_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audio_files_organisation_idx')
    .on('audio_files')
    .columns(['organisation_id', 'name'])
    .execute();

  await tenant(
    db.schema.createTable('display_numbers').addColumn('id', text, (c) => c.primaryKey()),
    'display_numbers',
  )
    .addColumn('number', text, (c) => c.notNull())
    .addColumn('grant_to_group_agents', integer, (c) => c.notNull())
    .addColumn('grant_to_group_supervisors', integer, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addUniqueConstraint('display_numbers_tenant_key', ['organisation_id', 'id'])
    .addUniqueConstraint(u.displayNumber.name, ['organisation_id', 'number'])
    .execute();

  for (const [grantee, target] of [
    ['user', 'users'],
    ['team', 'teams'],
  ] as const) {
    const name = `display_number_${grantee}s`;
    const column = `${grantee}_id`;
    let table = tenant(db.schema.createTable(name), name)
      .addColumn('display_number_id', text, (c) => c.notNull())
      .addColumn(column, text, (c) => c.notNull())
      .addColumn('position', integer, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${name}_pkey`, ['display_number_id', column]);
    table = sameTenantLink(table, name, 'display_number_id', 'display_numbers');
    await sameTenantLink(table, name, column, target).execute();
    await db.schema.createIndex(`${name}_${grantee}_idx`).on(name).columns(['organisation_id', column]).execute();
  }

  await tenant(
    db.schema.createTable('purchases').addColumn('id', text, (c) => c.primaryKey()),
    'purchases',
  )
    .addColumn('item', text, (c) => c.notNull())
    .addColumn('quantity', integer, (c) => c.notNull())
    .addColumn('unit_price_minor', integer, (c) => c.notNull())
    .addColumn('currency', text, (c) => c.notNull())
    .addColumn('purchased_at', text, (c) => c.notNull())
    .addColumn('purchased_by_user_id', text)
    .addColumn('purchased_by_name', text, (c) => c.notNull())
    .addColumn('invoiced_at', text)
    .execute();
  await db.schema
    .createIndex('purchases_organisation_idx')
    .on('purchases')
    .columns(['organisation_id', 'item'])
    .execute();

  let policies = tenant(
    db.schema.createTable('recording_policies').addColumn('id', text, (c) => c.primaryKey()),
    'recording_policies',
  )
    .addColumn('scope_key', text, (c) => c.notNull())
    .addColumn('scope_type', text, (c) => c.notNull())
    .addColumn('scope_user_id', text)
    .addColumn('scope_response_group_id', text)
    .addColumn('mode', text, (c) => c.notNull())
    .addColumn('announcement', text)
    .addColumn('retention_days', integer, (c) => c.notNull())
    .addUniqueConstraint(u.recordingPolicyScope.name, ['organisation_id', 'scope_key']);
  policies = sameTenantLink(policies, 'recording_policies', 'scope_user_id', 'users');
  await sameTenantLink(policies, 'recording_policies', 'scope_response_group_id', 'response_groups').execute();

  await tenant(
    db.schema.createTable('recordings').addColumn('id', text, (c) => c.primaryKey()),
    'recordings',
  )
    .addColumn('call_id', text, (c) => c.notNull())
    .addColumn('duration_ms', integer, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull())
    .addColumn('expires_at', text, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recordings_page_idx')
    .on('recordings')
    .columns(['organisation_id', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('recordings_expires_idx').on('recordings').column('expires_at').execute();

  await createCalls(db);

  await db.schema
    .createTable('trunks')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('name', text, (c) => c.notNull())
    .addColumn('host', text, (c) => c.notNull())
    .addColumn('port', integer, (c) => c.notNull())
    .addColumn('transport', text, (c) => c.notNull())
    .addColumn('inbound_addresses', text, (c) => c.notNull())
    .addColumn('username', text)
    .addColumn('password', text)
    .addColumn('organisation_ids', text, (c) => c.notNull())
    .execute();

  await sameTenantLink(
    tenant(
      db.schema.createTable('registrations').addColumn('id', text, (c) => c.primaryKey()),
      'registrations',
    )
      .addColumn('user_id', text, (c) => c.notNull())
      .addColumn('contact', text, (c) => c.notNull())
      .addColumn('source', text, (c) => c.notNull())
      .addColumn('user_agent', text)
      .addColumn('expires_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .addUniqueConstraint(u.registrationContact.name, ['organisation_id', 'user_id', 'contact']),
    'registrations',
    'user_id',
    'users',
  ).execute();
  await db.schema.createIndex('registrations_expires_idx').on('registrations').column('expires_at').execute();

  let voicemail = tenant(
    db.schema.createTable('voicemail_messages').addColumn('id', text, (c) => c.primaryKey()),
    'voicemail_messages',
  )
    .addColumn('box_type', text, (c) => c.notNull())
    .addColumn('box_user_id', text)
    .addColumn('box_response_group_id', text)
    .addColumn('call_id', text)
    .addColumn('from_number', text, (c) => c.notNull())
    .addColumn('duration_ms', integer, (c) => c.notNull())
    .addColumn('heard', integer, (c) => c.notNull())
    .addColumn('created_at', text, (c) => c.notNull());
  voicemail = sameTenantLink(voicemail, 'voicemail_messages', 'box_user_id', 'users');
  await sameTenantLink(voicemail, 'voicemail_messages', 'box_response_group_id', 'response_groups').execute();
  await db.schema
    .createIndex('voicemail_messages_user_idx')
    .on('voicemail_messages')
    .columns(['organisation_id', 'box_user_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('voicemail_messages_group_idx')
    .on('voicemail_messages')
    .columns(['organisation_id', 'box_response_group_id', 'created_at'])
    .execute();
}

/**
 * The call log (R58, R59). Users, groups and menus are referenced without foreign keys: the log
 * keeps its history when they are deleted. Indexes serve the search, newest first by
 * (started_at, id) within one organisation, one index per selective filter; direction and
 * outcome are few-valued and are filtered on the time index (outcome has its own for the rare ones).
 */
async function createCalls(db: Db): Promise<void> {
  await tenant(
    db.schema.createTable('calls').addColumn('id', text, (c) => c.primaryKey()),
    'calls',
  )
    .addColumn('direction', text, (c) => c.notNull())
    .addColumn('started_at', text, (c) => c.notNull())
    .addColumn('answered_at', text)
    .addColumn('ended_at', text)
    .addColumn('from_number', text, (c) => c.notNull())
    .addColumn('from_name', text)
    .addColumn('to_number', text, (c) => c.notNull())
    .addColumn('from_user_id', text)
    .addColumn('to_user_id', text)
    .addColumn('response_group_id', text)
    .addColumn('ivr_menu_id', text)
    .addColumn('answered_by_user_id', text)
    .addColumn('outcome', text)
    .addColumn('wait_seconds', integer)
    .addColumn('talk_seconds', integer)
    .addColumn('path', text, (c) => c.notNull())
    .addColumn('recording_id', text)
    .execute();
  const byTime = ['started_at', 'id'];
  const indexes: Array<[string, string[]]> = [
    ['calls_time_idx', ['organisation_id', ...byTime]],
    ['calls_from_number_idx', ['organisation_id', 'from_number', ...byTime]],
    ['calls_to_number_idx', ['organisation_id', 'to_number', ...byTime]],
    ['calls_from_user_idx', ['organisation_id', 'from_user_id', ...byTime]],
    ['calls_to_user_idx', ['organisation_id', 'to_user_id', ...byTime]],
    ['calls_answered_by_idx', ['organisation_id', 'answered_by_user_id', ...byTime]],
    ['calls_response_group_idx', ['organisation_id', 'response_group_id', ...byTime]],
    ['calls_outcome_idx', ['organisation_id', 'outcome', ...byTime]],
  ];
  for (const [name, columns] of indexes) await db.schema.createIndex(name).on('calls').columns(columns).execute();
  await db.schema
    .createIndex('calls_unfinished_idx')
    .on('calls')
    .column('started_at')
    .where(sql.ref('ended_at'), 'is', null)
    .execute();
}

export async function down(db: Db): Promise<void> {
  const tables = [
    'voicemail_messages',
    'registrations',
    'trunks',
    'calls',
    'recordings',
    'recording_policies',
    'purchases',
    'display_number_teams',
    'display_number_users',
    'display_numbers',
    'audio_files',
    'routing_overrides',
    'call_routing_defaults',
    'ivr_menus',
    'response_group_defaults',
    'response_group_supervisors',
    'response_group_agents',
    'response_groups',
    'team_members',
    'teams',
    'users',
    'numbers',
    'tokens',
    'accounts',
    'organisations',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
