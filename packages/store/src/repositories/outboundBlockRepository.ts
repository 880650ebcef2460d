import type { OutboundBlock } from '@vaxel/domain';
import { toIso } from '../codec.ts';
import type { Db, OutboundBlocksTable } from '../database.ts';
import type { OutboundBlockRepository } from '../ports.ts';

const toBlock = (row: OutboundBlocksTable): OutboundBlock => ({
  organisationId: row.organisation_id,
  scope: row.scope,
  reason: row.reason,
  since: row.since,
  calls: Number(row.calls),
  seconds: Number(row.seconds),
});

/** Issue 10: one row per blocked organisation; lifting deletes it. */
export class KyselyOutboundBlockRepository implements OutboundBlockRepository {
  constructor(private readonly db: Db) {}

  async get(organisationId: string): Promise<OutboundBlock | null> {
    const row = await this.db
      .selectFrom('outbound_blocks')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return row ? toBlock(row) : null;
  }

  async set(block: OutboundBlock): Promise<void> {
    const values = {
      scope: block.scope,
      reason: block.reason,
      since: toIso(block.since, 'since'),
      calls: block.calls,
      seconds: block.seconds,
    };
    await this.db
      .insertInto('outbound_blocks')
      .values({ organisation_id: block.organisationId, ...values })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
      .execute();
  }

  async lift(organisationId: string): Promise<OutboundBlock | null> {
    // DELETE … RETURNING (SQLite ≥ 3.35, PostgreSQL): of two lifts at once only one gets the block back.
    const row = await this.db
      .deleteFrom('outbound_blocks')
      .where('organisation_id', '=', organisationId)
      .returningAll()
      .executeTakeFirst();
    return row ? toBlock(row) : null;
  }
}
