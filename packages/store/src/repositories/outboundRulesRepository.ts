import {
  completeOutboundRules,
  factoryOutboundRules,
  type OutboundRules,
  type OutboundRulesInput,
} from '@vaxel/domain';
import { fromJson, toJson } from '../codec.ts';
import type { Db } from '../database.ts';
import type { OutboundRulesRepository } from '../ports.ts';

/**
 * R91: one row per organisation, written with the factory rules when the organisation is created
 * (and by migration 0005 for those that existed before), so a later change of the factory rules
 * never changes what an existing organisation may call. Rows written before the limits (issue 10)
 * read with the factory limits.
 */
export class KyselyOutboundRulesRepository implements OutboundRulesRepository {
  constructor(private readonly db: Db) {}

  async get(organisationId: string): Promise<OutboundRules> {
    const row = await this.db
      .selectFrom('outbound_rules')
      .select('rules')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return row ? completeOutboundRules(fromJson<OutboundRulesInput>(row.rules)) : factoryOutboundRules();
  }

  async set(organisationId: string, rules: OutboundRules): Promise<void> {
    await this.db
      .insertInto('outbound_rules')
      .values({ organisation_id: organisationId, rules: toJson(rules) })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ rules: toJson(rules) }))
      .execute();
  }
}
