import { CallRoutingDefaults, checkSpokenLanguages, pickRouting, RoutingSettings, UnassignedNumberRule, type CallRoutingDefaultsUpdate } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import { destinationFacts } from '../organisation/orgData.ts';
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
      const unassignedNumbers = validateSettings(UnassignedNumberRule, merged.unassignedNumbers, 'unassignedNumber', known, 'unassignedNumbers');
      const next = CallRoutingDefaults.parse({ ...routing, unassignedNumbers });
      checkSpokenLanguages(next, (tag) => this.speech.supportsLanguage(tag));
      await tx.callRouting.setDefaults(organisationId, next);
      return next;
    });
  }
}
