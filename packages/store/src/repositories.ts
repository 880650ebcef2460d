import type { Db } from './database.ts';
import { withTranslatedErrors } from './errors.ts';
import type { Repositories } from './ports.ts';
import { KyselyAccountRepository } from './repositories/accountRepository.ts';
import { KyselyAudioFileRepository } from './repositories/audioFileRepository.ts';
import { KyselyCallRepository } from './repositories/callRepository.ts';
import { KyselyCallRoutingRepository } from './repositories/callRoutingRepository.ts';
import { KyselyDisplayNumberRepository } from './repositories/displayNumberRepository.ts';
import { KyselyIvrMenuRepository } from './repositories/ivrMenuRepository.ts';
import { KyselyNumberRepository } from './repositories/numberRepository.ts';
import { KyselyOrganisationRepository } from './repositories/organisationRepository.ts';
import { KyselyRecordingRepository } from './repositories/recordingRepository.ts';
import { KyselyRegistrationRepository } from './repositories/registrationRepository.ts';
import { KyselyResponseGroupRepository } from './repositories/responseGroupRepository.ts';
import { KyselySubscriptionRepository } from './repositories/subscriptionRepository.ts';
import { KyselyTeamRepository } from './repositories/teamRepository.ts';
import { KyselyTrunkRepository } from './repositories/trunkRepository.ts';
import { KyselyUserRepository } from './repositories/userRepository.ts';
import { KyselyVoicemailRepository } from './repositories/voicemailRepository.ts';

/** Every repository bound to one handle: the store's pool/connection, or a transaction. */
export function createRepositories(db: Db): Repositories {
  return {
    organisations: withTranslatedErrors(new KyselyOrganisationRepository(db)),
    accounts: withTranslatedErrors(new KyselyAccountRepository(db)),
    numbers: withTranslatedErrors(new KyselyNumberRepository(db)),
    users: withTranslatedErrors(new KyselyUserRepository(db)),
    teams: withTranslatedErrors(new KyselyTeamRepository(db)),
    responseGroups: withTranslatedErrors(new KyselyResponseGroupRepository(db)),
    ivrMenus: withTranslatedErrors(new KyselyIvrMenuRepository(db)),
    callRouting: withTranslatedErrors(new KyselyCallRoutingRepository(db)),
    audioFiles: withTranslatedErrors(new KyselyAudioFileRepository(db)),
    displayNumbers: withTranslatedErrors(new KyselyDisplayNumberRepository(db)),
    subscription: withTranslatedErrors(new KyselySubscriptionRepository(db)),
    recordings: withTranslatedErrors(new KyselyRecordingRepository(db)),
    calls: withTranslatedErrors(new KyselyCallRepository(db)),
    trunks: withTranslatedErrors(new KyselyTrunkRepository(db)),
    registrations: withTranslatedErrors(new KyselyRegistrationRepository(db)),
    voicemail: withTranslatedErrors(new KyselyVoicemailRepository(db)),
  };
}
