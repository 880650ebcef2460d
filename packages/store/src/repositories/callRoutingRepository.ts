import { factoryCallRoutingDefaults, type CallRoutingDefaults } from '@vaxel/domain';
import { fromJson, toJson } from '../codec.ts';
import type { Db } from '../database.ts';
import type { CallRoutingRepository } from '../ports.ts';

export class KyselyCallRoutingRepository implements CallRoutingRepository {
  constructor(private readonly db: Db) {}

  /** The organisation's defaults, or the factory defaults until it has saved its own (R30). */
  async getDefaults(organisationId: string): Promise<CallRoutingDefaults> {
    const row = await this.db
      .selectFrom('call_routing_defaults')
      .select('defaults')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    // Defaults saved before a field existed read with that field's factory value (voicemailAccess, 0007).
    return row
      ? { ...factoryCallRoutingDefaults(), ...fromJson<CallRoutingDefaults>(row.defaults) }
      : factoryCallRoutingDefaults();
  }

  async setDefaults(organisationId: string, defaults: CallRoutingDefaults): Promise<void> {
    await this.db
      .insertInto('call_routing_defaults')
      .values({ organisation_id: organisationId, defaults: toJson(defaults) })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ defaults: toJson(defaults) }))
      .execute();
  }
}
