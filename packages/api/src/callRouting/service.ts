import {
  CallRoutingDefaults,
  checkSpokenLanguages,
  pickRouting,
  RoutingSettings,
  RuleViolation,
  UnassignedNumberRule,
  voicemailAccessProblem,
  type CallRoutingDefaultsUpdate,
} from '@vaxel/domain';
import type { Repositories } from '@vaxel/store';
import type { Store } from '@vaxel/store';
import { destinationFacts, numberInventory, requireOrganisation } from '../organisation/orgData.ts';
import { validateSettings, type Speech } from '../settingsValidation.ts';

/**
 * R30–R36: the organisation's defaults for users. Users who set a field themselves keep it when
 * the default changes (their overrides are stored apart, see users/routingService.ts).
 */
export class CallRoutingService {
  constructor(
    private readonly store: Store,
    private readonly speech: Speech,
  ) {}

  get(organisationId: string): Promise<CallRoutingDefaults> {
    return this.store.callRouting.getDefaults(organisationId);
  }

  update(organisationId: string, update: CallRoutingDefaultsUpdate): Promise<CallRoutingDefaults> {
    return this.store.transaction(async (tx) => {
      const current = await tx.callRouting.getDefaults(organisationId);
      const merged = { ...current, ...update };
      const known = await destinationFacts(tx, organisationId);
      // A user's settings may send to "their own" voicemail; the unassigned-number rule must name the box.
      const routing = validateSettings(RoutingSettings, pickRouting(merged), 'userRouting', known, '');
      const unassignedNumbers = validateSettings(
        UnassignedNumberRule,
        merged.unassignedNumbers,
        'unassignedNumber',
        known,
        'unassignedNumbers',
      );
      if (update.voicemailAccess) await checkVoicemailAccess(tx, organisationId, update.voicemailAccess);
      const next = CallRoutingDefaults.parse({
        ...routing,
        unassignedNumbers,
        voicemailAccess: merged.voicemailAccess ?? null,
      });
      checkSpokenLanguages(next, (tag) => this.speech.supportsLanguage(tag));
      await tx.callRouting.setDefaults(organisationId, next);
      return next;
    });
  }
}

/** R76: the voicemail access must be a free number of the organisation or an extension nobody has. */
async function checkVoicemailAccess(repos: Repositories, organisationId: string, access: string): Promise<void> {
  const [organisation, numbers, users] = await Promise.all([
    requireOrganisation(repos, organisationId),
    numberInventory(repos, organisationId),
    repos.users.list(organisationId),
  ]);
  const problem = voicemailAccessProblem(access, {
    numbers,
    userExtensions: new Map(users.map((u) => [u.extension, u.name])),
    country: organisation.country,
  });
  if (problem) throw new RuleViolation([{ path: 'voicemailAccess', message: problem }]);
}
