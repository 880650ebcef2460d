import { NotFound } from '@vaxel/domain';
import { fromJson, newId, toJson } from '../codec.ts';
import type { Db, TrunksTable } from '../database.ts';
import type { TrunkRecord, TrunkRepository } from '../ports.ts';

const toTrunk = (row: TrunksTable): TrunkRecord => ({
  id: row.id,
  name: row.name,
  host: row.host,
  port: row.port,
  transport: row.transport as TrunkRecord['transport'],
  inboundAddresses: fromJson<string[]>(row.inbound_addresses),
  username: row.username,
  password: row.password,
  organisationIds: fromJson<string[]>(row.organisation_ids),
  forwardedCallerId: row.forwarded_caller_id as TrunkRecord['forwardedCallerId'],
});

const columns = (t: Omit<TrunkRecord, 'id'>) => ({
  name: t.name,
  host: t.host,
  port: t.port,
  transport: t.transport,
  inbound_addresses: toJson(t.inboundAddresses),
  username: t.username,
  password: t.password,
  organisation_ids: toJson(t.organisationIds),
  forwarded_caller_id: t.forwardedCallerId,
});

/** Carrier trunks are the operator's, not an organisation's: no tenant scope here. */
export class KyselyTrunkRepository implements TrunkRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<TrunkRecord[]> {
    const rows = await this.db.selectFrom('trunks').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(toTrunk);
  }

  async get(id: string): Promise<TrunkRecord | null> {
    const row = await this.db.selectFrom('trunks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTrunk(row) : null;
  }

  async create(t: Omit<TrunkRecord, 'id'>): Promise<TrunkRecord> {
    const row: TrunksTable = { id: newId(), ...columns(t) };
    await this.db.insertInto('trunks').values(row).execute();
    return toTrunk(row);
  }

  async update(t: TrunkRecord): Promise<TrunkRecord> {
    const result = await this.db.updateTable('trunks').set(columns(t)).where('id', '=', t.id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('trunk', t.id);
    return (await this.get(t.id)) as TrunkRecord;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('trunks').where('id', '=', id).execute();
  }
}
