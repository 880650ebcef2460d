import type { Kysely } from 'kysely';

/**
 * The tables as Kysely sees them (snake_case, as in the migration). Times are canonical ISO text,
 * settings are JSON text, booleans are 0/1 integers — see codec.ts for why.
 */
export interface OrganisationsTable {
  id: string;
  name: string;
  time_zone: string;
  language: string;
  country: string;
  package: string;
  created_at: string;
}

export interface AccountsTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
}

export interface TokensTable {
  token_hash: string;
  /** Public id of a session (0004_accounts); never the token or its hash. */
  id: string;
  account_id: string | null;
  kind: string;
  expires_at: string;
  created_at: string;
  last_used_at: string | null;
  address: string | null;
  user_agent: string | null;
}

export interface InvitationsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  email: string;
  token_hash: string;
  created_by_account_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface PasswordResetsTable {
  token_hash: string;
  account_id: string;
  created_at: string;
  expires_at: string;
}

export interface LoginFailuresTable {
  id: string;
  address: string;
  email: string;
  failed_at: string;
}

export interface LoginAddressesTable {
  email: string;
  address: string;
  last_success_at: string;
}

export interface NumbersTable {
  number: string;
  organisation_id: string;
  type: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  account_id: string;
  name: string;
  email: string;
  licence: string;
  permissions: string;
  extension: string;
  mobile_number: string | null;
  landline_number: string | null;
  sip_username: string;
  sip_ha1_md5: string | null;
  sip_ha1_sha256: string | null;
  created_at: string;
}

export interface TeamsTable {
  id: string;
  organisation_id: string;
  name: string;
  created_at: string;
}

export interface TeamMembersTable {
  organisation_id: string;
  team_id: string;
  user_id: string;
  position: number;
}

export interface ResponseGroupsTable {
  id: string;
  organisation_id: string;
  name: string;
  number: string;
  billing_number: string;
  numeric_id: string;
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface ResponseGroupAgentsTable {
  organisation_id: string;
  response_group_id: string;
  user_id: string;
  logged_in: number;
  position: number;
  /** AgentReach: 'phone' | 'mobile' | 'phoneAndMobile' (0009). */
  reach_on: string;
}

export interface ResponseGroupSupervisorsTable {
  organisation_id: string;
  response_group_id: string;
  user_id: string;
  position: number;
}

export interface ResponseGroupDefaultsTable {
  organisation_id: string;
  settings: string;
}

export interface IvrMenusTable {
  id: string;
  organisation_id: string;
  name: string;
  number: string | null;
  billing_number: string | null;
  prompts: string;
  keys: string;
  opening_hours: string | null;
  closed_prompt: string | null;
  closed_destination: string;
  advanced: string;
  created_at: string;
  updated_at: string;
}

export interface CallRoutingDefaultsTable {
  organisation_id: string;
  defaults: string;
}

export interface OutboundRulesTable {
  organisation_id: string;
  rules: string;
}

export interface OutboundBlocksTable {
  organisation_id: string;
  scope: 'international';
  reason: 'international_spike';
  since: string;
  calls: number;
  seconds: number;
}

export interface RoutingOverridesTable {
  organisation_id: string;
  user_id: string;
  overrides: string;
  caller_id_number: string | null;
}

export interface AudioFilesTable {
  id: string;
  organisation_id: string;
  name: string;
  language: string;
  source: string;
  tts_text: string | null;
  duration_ms: number;
  original_mime_type: string;
  original_file_name: string | null;
  created_at: string;
  updated_at: string;
}

export interface DisplayNumbersTable {
  id: string;
  organisation_id: string;
  number: string;
  grant_to_group_agents: number;
  grant_to_group_supervisors: number;
  created_at: string;
}

export interface DisplayNumberUsersTable {
  organisation_id: string;
  display_number_id: string;
  user_id: string;
  position: number;
}

export interface DisplayNumberTeamsTable {
  organisation_id: string;
  display_number_id: string;
  team_id: string;
  position: number;
}

export interface PurchasesTable {
  id: string;
  organisation_id: string;
  item: string;
  quantity: number;
  unit_price_minor: number;
  currency: string;
  purchased_at: string;
  purchased_by_user_id: string | null;
  purchased_by_name: string;
  invoiced_at: string | null;
}

export interface RecordingPoliciesTable {
  id: string;
  organisation_id: string;
  scope_key: string;
  scope_type: string;
  scope_user_id: string | null;
  scope_response_group_id: string | null;
  mode: string;
  announcement: string | null;
  retention_days: number;
}

export interface RecordingsTable {
  id: string;
  organisation_id: string;
  call_id: string;
  duration_ms: number;
  created_at: string;
  expires_at: string;
}

export interface CallsTable {
  id: string;
  organisation_id: string;
  direction: string;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  from_number: string;
  from_name: string | null;
  to_number: string;
  from_user_id: string | null;
  to_user_id: string | null;
  response_group_id: string | null;
  ivr_menu_id: string | null;
  answered_by_user_id: string | null;
  outcome: string | null;
  wait_seconds: number | null;
  talk_seconds: number | null;
  path: string;
  recording_id: string | null;
  emergency: number;
  /** 0007_voicemail */
  voicemail_message_id: string | null;
  /** 0010_callback */
  callback_for_call_id: string | null;
  /** 0012_call_end_reason */
  end_reason: string | null;
}

/** 0013_switch_heartbeat: one row per switch instance. */
export interface SwitchHeartbeatsTable {
  instance_id: string;
  alive_at: string;
}

/** 0013_switch_heartbeat: one answered call leg's SIP dialog while the call lasts. */
export interface LiveDialogsTable {
  id: string;
  instance_id: string;
  organisation_id: string;
  call_id: string;
  dialog: string;
  created_at: string;
}

export interface TrunksTable {
  id: string;
  name: string;
  host: string;
  port: number;
  transport: string;
  inbound_addresses: string;
  username: string | null;
  password: string | null;
  organisation_ids: string;
  /** 0014_trunk_forwarded_identity */
  forwarded_caller_id: string;
}

export interface RegistrationsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  contact: string;
  source: string;
  user_agent: string | null;
  expires_at: string;
  updated_at: string;
}

export interface VoicemailMessagesTable {
  id: string;
  organisation_id: string;
  box_type: string;
  box_user_id: string | null;
  box_response_group_id: string | null;
  call_id: string | null;
  from_number: string;
  duration_ms: number;
  heard: number;
  created_at: string;
  /** 0007_voicemail */
  from_name: string | null;
}

/** A box with a PIN (0007_voicemail); `box_id` is the domain's voicemailBoxId. */
export interface VoicemailBoxesTable {
  organisation_id: string;
  box_id: string;
  box_user_id: string | null;
  box_response_group_id: string | null;
  pin_hash: string | null;
  updated_at: string;
}

export interface VoicemailPinFailuresTable {
  id: string;
  organisation_id: string;
  box_id: string;
  failed_at: string;
}

export interface AuditLogTable {
  id: string;
  organisation_id: string | null;
  at: string;
  actor_kind: string;
  actor_account_id: string | null;
  actor_name: string;
  actor_email: string | null;
  source_address: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  object_name: string | null;
  changes: string;
  detail: string | null;
}

export interface Database {
  organisations: OrganisationsTable;
  accounts: AccountsTable;
  tokens: TokensTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  login_failures: LoginFailuresTable;
  login_addresses: LoginAddressesTable;
  numbers: NumbersTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  response_groups: ResponseGroupsTable;
  response_group_agents: ResponseGroupAgentsTable;
  response_group_supervisors: ResponseGroupSupervisorsTable;
  response_group_defaults: ResponseGroupDefaultsTable;
  ivr_menus: IvrMenusTable;
  call_routing_defaults: CallRoutingDefaultsTable;
  outbound_rules: OutboundRulesTable;
  outbound_blocks: OutboundBlocksTable;
  routing_overrides: RoutingOverridesTable;
  audio_files: AudioFilesTable;
  display_numbers: DisplayNumbersTable;
  display_number_users: DisplayNumberUsersTable;
  display_number_teams: DisplayNumberTeamsTable;
  purchases: PurchasesTable;
  recording_policies: RecordingPoliciesTable;
  recordings: RecordingsTable;
  calls: CallsTable;
  switch_heartbeats: SwitchHeartbeatsTable;
  live_dialogs: LiveDialogsTable;
  trunks: TrunksTable;
  registrations: RegistrationsTable;
  voicemail_messages: VoicemailMessagesTable;
  voicemail_boxes: VoicemailBoxesTable;
  voicemail_pin_failures: VoicemailPinFailuresTable;
  audit_log: AuditLogTable;
}

/** The database handle repositories work on: the store's, or a transaction's. */
export type Db = Kysely<Database>;
