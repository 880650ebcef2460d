import { factoryOutboundRules, NotFound, type Organisation } from '@vaxel/domain';
import { newId, nowIso, toJson } from '../codec.ts';
import type { Db, OrganisationsTable } from '../database.ts';
import type { OrganisationRepository } from '../ports.ts';

const toOrganisation = (row: OrganisationsTable): Organisation => ({
  id: row.id,
  name: row.name,
  timeZone: row.time_zone,
  language: row.language as Organisation['language'],
  country: row.country,
  package: row.package as Organisation['package'],
  createdAt: row.created_at,
});

export class KyselyOrganisationRepository implements OrganisationRepository {
  constructor(private readonly db: Db) {}

  async create(org: Omit<Organisation, 'id' | 'createdAt'>): Promise<Organisation> {
    const row: OrganisationsTable = {
      id: newId(),
      name: org.name,
      time_zone: org.timeZone,
      language: org.language,
      country: org.country,
      package: org.package,
      created_at: nowIso(),
    };
    const insert = async (db: Db) => {
      await db.insertInto('organisations').values(row).execute();
      // R91: a new organisation starts with the factory outbound rules, stored, not implied.
      await db
        .insertInto('outbound_rules')
        .values({ organisation_id: row.id, rules: toJson(factoryOutboundRules()) })
        .execute();
    };
    if (this.db.isTransaction) await insert(this.db);
    else await this.db.transaction().execute(insert);
    return toOrganisation(row);
  }

  async get(organisationId: string): Promise<Organisation | null> {
    const row = await this.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', organisationId)
      .executeTakeFirst();
    return row ? toOrganisation(row) : null;
  }

  async list(): Promise<Organisation[]> {
    const rows = await this.db.selectFrom('organisations').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(toOrganisation);
  }

  async update(organisation: Organisation): Promise<Organisation> {
    const result = await this.db
      .updateTable('organisations')
      .set({
        name: organisation.name,
        time_zone: organisation.timeZone,
        language: organisation.language,
        country: organisation.country,
        package: organisation.package,
      })
      .where('id', '=', organisation.id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFound('organisation', organisation.id);
    return (await this.get(organisation.id)) as Organisation;
  }
}
