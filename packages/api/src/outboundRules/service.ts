import { checkOutboundRules, completeOutboundRules, type OutboundRules, type OutboundRulesInput } from '@vaxel/domain';
import type { Store } from '@vaxel/store';
import { requireOrganisation } from '../organisation/orgData.ts';

/**
 * R91: the organisation's outbound rules. The switch reads them for every call it places (R81);
 * tightening them never fails because of settings that forward to numbers they now forbid: the
 * switch refuses those calls, and the settings are refused when next saved (toll fraud is stopped
 * first, cleaned up after).
 */
export class OutboundRulesService {
  constructor(private readonly store: Store) {}

  async get(organisationId: string): Promise<OutboundRules> {
    await requireOrganisation(this.store, organisationId);
    return this.store.outboundRules.get(organisationId);
  }

  /**
   * Issue 10: `limits` may be left out, and the current limits are kept, so a client written
   * before the limits existed cannot reset them to the factory values by saving its countries.
   */
  replace(organisationId: string, input: OutboundRulesInput): Promise<OutboundRules> {
    return this.store.transaction(async (tx) => {
      const organisation = await requireOrganisation(tx, organisationId);
      const current = await tx.outboundRules.get(organisationId);
      const rules = completeOutboundRules(input, current.limits);
      checkOutboundRules(rules, organisation.country);
      await tx.outboundRules.set(organisationId, rules);
      return rules;
    });
  }
}
