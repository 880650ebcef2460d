import type { Db } from './database.ts';
import { withTranslatedErrors } from './errors.ts';
import type { Repositories } from './ports.ts';
import { KyselyAccountRepository } from './repositories/accountRepository.ts';
import { KyselyAuditLogRepository } from './repositories/auditLogRepository.ts';
import { KyselyAudioFileRepository } from './repositories/audioFileRepository.ts';
import { KyselyCallRepository } from './repositories/callRepository.ts';
import { KyselyCallRoutingRepository } from './repositories/callRoutingRepository.ts';
import { KyselyDisplayNumberRepository } from './repositories/displayNumberRepository.ts';
import { KyselyInvitationRepository } from './repositories/invitationRepository.ts';
import { KyselyIvrMenuRepository } from './repositories/ivrMenuRepository.ts';
import { KyselyLoginThrottleRepository } from './repositories/loginThrottleRepository.ts';
import { KyselyNumberRepository } from './repositories/numberRepository.ts';
import { KyselyOrganisationRepository } from './repositories/organisationRepository.ts';
import { KyselyOutboundBlockRepository } from './repositories/outboundBlockRepository.ts';
import { KyselyOutboundRulesRepository } from './repositories/outboundRulesRepository.ts';
import { KyselyRecordingRepository } from './repositories/recordingRepository.ts';
import { KyselyRegistrationRepository } from './repositories/registrationRepository.ts';
import { KyselyResponseGroupRepository } from './repositories/responseGroupRepository.ts';
import { KyselySwitchStateRepository } from './repositories/switchStateRepository.ts';
import { KyselySubscriptionRepository } from './repositories/subscriptionRepository.ts';
import { KyselyTeamRepository } from './repositories/teamRepository.ts';
import { KyselyTrunkRepository } from './repositories/trunkRepository.ts';
import { KyselyUserRepository } from './repositories/userRepository.ts';
import { KyselyVoicemailRepository } from './repositories/voicemailRepository.ts';

/**
 * Every repository bound to one handle: the store's pool/connection, or a transaction.
 * `beforeEachCall` runs before every method (the store uses it to catch misuse inside a transaction).
 */
export function createRepositories(db: Db, beforeEachCall?: () => void): Repositories {
  const guarded = <T extends object>(repository: T): T => withTranslatedErrors(repository, beforeEachCall);
  return {
    organisations: guarded(new KyselyOrganisationRepository(db)),
    accounts: guarded(new KyselyAccountRepository(db)),
    invitations: guarded(new KyselyInvitationRepository(db)),
    loginThrottle: guarded(new KyselyLoginThrottleRepository(db)),
    numbers: guarded(new KyselyNumberRepository(db)),
    users: guarded(new KyselyUserRepository(db)),
    teams: guarded(new KyselyTeamRepository(db)),
    responseGroups: guarded(new KyselyResponseGroupRepository(db)),
    ivrMenus: guarded(new KyselyIvrMenuRepository(db)),
    callRouting: guarded(new KyselyCallRoutingRepository(db)),
    outboundRules: guarded(new KyselyOutboundRulesRepository(db)),
    outboundBlocks: guarded(new KyselyOutboundBlockRepository(db)),
    audioFiles: guarded(new KyselyAudioFileRepository(db)),
    displayNumbers: guarded(new KyselyDisplayNumberRepository(db)),
    subscription: guarded(new KyselySubscriptionRepository(db)),
    recordings: guarded(new KyselyRecordingRepository(db)),
    calls: guarded(new KyselyCallRepository(db)),
    trunks: guarded(new KyselyTrunkRepository(db)),
    registrations: guarded(new KyselyRegistrationRepository(db)),
    voicemail: guarded(new KyselyVoicemailRepository(db)),
    auditLog: guarded(new KyselyAuditLogRepository(db)),
    switchState: guarded(new KyselySwitchStateRepository(db)),
  };
}
