import type { Kysely } from 'kysely';

/**
 * Voicemail on real calls (issue 8, R17, R31, R76):
 * - a message keeps the caller's name beside the number;
 * - a call-log record links the message its caller left;
 * - `voicemail_boxes`: one row per box that has a PIN (scrypt hash only, never the digits), keyed
 *   by the box id (`user-<id>` / `responseGroup-<id>`) and linked to its owner, so deleting the
 *   user or group deletes it;
 * - `voicemail_pin_failures`: one row per wrong PIN entered by phone, for the throttle that holds
 *   across calls and switch nodes (domain voicemailPinThrottle); they go with the box.
 */
// Migrations must not depend on today's Database type.
type Db = Kysely<any>;
const text = 'text' as const;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('voicemail_messages').addColumn('from_name', text).execute();
  await db.schema.alterTable('calls').addColumn('voicemail_message_id', text).execute();

  await db.schema
    .createTable('voicemail_boxes')
    .addColumn('organisation_id', text, (c) => c.notNull())
    .addColumn('box_id', text, (c) => c.notNull())
    .addColumn('box_user_id', text)
    .addColumn('box_response_group_id', text)
    .addColumn('pin_hash', text)
    .addColumn('updated_at', text, (c) => c.notNull())
    .addPrimaryKeyConstraint('voicemail_boxes_pkey', ['organisation_id', 'box_id'])
    .addForeignKeyConstraint('voicemail_boxes_organisation_fk', ['organisation_id'], 'organisations', ['id'], (fk) =>
      fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'voicemail_boxes_box_user_id_fk',
      ['organisation_id', 'box_user_id'],
      'users',
      ['organisation_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'voicemail_boxes_box_response_group_id_fk',
      ['organisation_id', 'box_response_group_id'],
      'response_groups',
      ['organisation_id', 'id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('voicemail_pin_failures')
    .addColumn('id', text, (c) => c.primaryKey())
    .addColumn('organisation_id', text, (c) => c.notNull())
    .addColumn('box_id', text, (c) => c.notNull())
    .addColumn('failed_at', text, (c) => c.notNull())
    .addForeignKeyConstraint(
      'voicemail_pin_failures_box_fk',
      ['organisation_id', 'box_id'],
      'voicemail_boxes',
      ['organisation_id', 'box_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('voicemail_pin_failures_box_idx')
    .on('voicemail_pin_failures')
    .columns(['organisation_id', 'box_id', 'failed_at'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('voicemail_pin_failures').ifExists().execute();
  await db.schema.dropTable('voicemail_boxes').ifExists().execute();
  await db.schema.alterTable('calls').dropColumn('voicemail_message_id').execute();
  await db.schema.alterTable('voicemail_messages').dropColumn('from_name').execute();
}
