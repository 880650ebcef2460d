import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001_initial.ts';
import * as callSummaryIndex from './0002_call_summary_index.ts';
import * as organisationCountry from './0003_organisation_country.ts';
import * as accounts from './0004_accounts.ts';
import * as outboundRules from './0005_outbound_rules.ts';
import * as auditLog from './0006_audit_log.ts';
import * as voicemail from './0007_voicemail.ts';
import * as recordings from './0008_recordings.ts';
import * as agentReach from './0009_agent_reach.ts';
import * as callback from './0010_callback.ts';
import * as outboundBlock from './0011_outbound_block.ts';
import * as callEndReason from './0012_call_end_reason.ts';
import * as switchHeartbeat from './0013_switch_heartbeat.ts';
import * as trunkForwardedIdentity from './0014_trunk_forwarded_identity.ts';

/** Migrations in order of their names; imported statically so they bundle and need no file scan. */
const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_call_summary_index': callSummaryIndex,
  '0003_organisation_country': organisationCountry,
  '0004_accounts': accounts,
  '0005_outbound_rules': outboundRules,
  '0006_audit_log': auditLog,
  '0007_voicemail': voicemail,
  '0008_recordings': recordings,
  '0009_agent_reach': agentReach,
  '0010_callback': callback,
  '0011_outbound_block': outboundBlock,
  '0012_call_end_reason': callEndReason,
  '0013_switch_heartbeat': switchHeartbeat,
  '0014_trunk_forwarded_identity': trunkForwardedIdentity,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
