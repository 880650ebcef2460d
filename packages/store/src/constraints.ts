/**
 * The unique constraints that encode rules of the model, named once here so the migration creates
 * them under these names and the error translation (errors.ts) can say which rule was broken on
 * both dialects: PostgreSQL reports the constraint name, SQLite reports `table.column, …`.
 */
export type UniqueRule = { name: string; table: string; columns: string[]; field: string };

export const uniqueRules = {
  accountEmail: { name: 'accounts_email_key', table: 'accounts', columns: ['email'], field: 'email' },
  number: { name: 'numbers_pkey', table: 'numbers', columns: ['number'], field: 'number' },
  sipUsername: { name: 'users_sip_username_key', table: 'users', columns: ['sip_username'], field: 'sipUsername' },
  userExtension: {
    name: 'users_extension_key',
    table: 'users',
    columns: ['organisation_id', 'extension'],
    field: 'extension',
  },
  userMobile: {
    name: 'users_mobile_number_key',
    table: 'users',
    columns: ['organisation_id', 'mobile_number'],
    field: 'mobileNumber',
  },
  userLandline: {
    name: 'users_landline_number_key',
    table: 'users',
    columns: ['organisation_id', 'landline_number'],
    field: 'landlineNumber',
  },
  groupNumericId: {
    name: 'response_groups_numeric_id_key',
    table: 'response_groups',
    columns: ['organisation_id', 'numeric_id'],
    field: 'numericId',
  },
  groupNumber: {
    name: 'response_groups_number_key',
    table: 'response_groups',
    columns: ['organisation_id', 'number'],
    field: 'number',
  },
  menuNumber: {
    name: 'ivr_menus_number_key',
    table: 'ivr_menus',
    columns: ['organisation_id', 'number'],
    field: 'number',
  },
  displayNumber: {
    name: 'display_numbers_number_key',
    table: 'display_numbers',
    columns: ['organisation_id', 'number'],
    field: 'number',
  },
  recordingPolicyScope: {
    name: 'recording_policies_scope_key',
    table: 'recording_policies',
    columns: ['organisation_id', 'scope_key'],
    field: 'scope',
  },
  registrationContact: {
    name: 'registrations_contact_key',
    table: 'registrations',
    columns: ['organisation_id', 'user_id', 'contact'],
    field: 'contact',
  },
} as const satisfies Record<string, UniqueRule>;

const rules: UniqueRule[] = Object.values(uniqueRules);

export function ruleByName(name: string): UniqueRule | undefined {
  return rules.find((r) => r.name === name);
}

/** SQLite names the columns (`users.organisation_id, users.extension`), not the constraint. */
export function ruleByColumns(table: string, columns: string[]): UniqueRule | undefined {
  const key = columns.join(',');
  return rules.find((r) => r.table === table && r.columns.join(',') === key);
}
