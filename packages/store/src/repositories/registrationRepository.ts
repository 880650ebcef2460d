import { newId, toCount, toIso } from '../codec.ts';
import type { Db, RegistrationsTable } from '../database.ts';
import type { Registration, RegistrationRepository } from '../ports.ts';

const toRegistration = (row: RegistrationsTable): Registration => ({
  id: row.id,
  organisationId: row.organisation_id,
  userId: row.user_id,
  contact: row.contact,
  source: row.source,
  userAgent: row.user_agent,
  expiresAt: row.expires_at,
  updatedAt: row.updated_at,
});

/** Device bindings (RFC 3261 §10): one row per user and Contact, refreshed in place. */
export class KyselyRegistrationRepository implements RegistrationRepository {
  constructor(private readonly db: Db) {}

  async upsert(r: Omit<Registration, 'id'>): Promise<Registration> {
    const values = {
      source: r.source,
      user_agent: r.userAgent,
      expires_at: toIso(r.expiresAt, 'expiresAt'),
      updated_at: toIso(r.updatedAt, 'updatedAt'),
    };
    await this.db
      .insertInto('registrations')
      .values({ id: newId(), organisation_id: r.organisationId, user_id: r.userId, contact: r.contact, ...values })
      .onConflict((oc) => oc.columns(['organisation_id', 'user_id', 'contact']).doUpdateSet(values))
      .execute();
    const row = await this.db
      .selectFrom('registrations')
      .selectAll()
      .where('organisation_id', '=', r.organisationId)
      .where('user_id', '=', r.userId)
      .where('contact', '=', r.contact)
      .executeTakeFirstOrThrow();
    return toRegistration(row);
  }

  async listByUser(organisationId: string, userId: string, now: string): Promise<Registration[]> {
    const rows = await this.db
      .selectFrom('registrations')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .where('expires_at', '>', toIso(now, 'now'))
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toRegistration);
  }

  async listByOrganisation(organisationId: string, now: string): Promise<Registration[]> {
    const rows = await this.db
      .selectFrom('registrations')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('expires_at', '>', toIso(now, 'now'))
      .orderBy('user_id')
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(toRegistration);
  }

  async remove(organisationId: string, userId: string, contact: string): Promise<void> {
    await this.db
      .deleteFrom('registrations')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .where('contact', '=', contact)
      .execute();
  }

  async removeExpired(now: string): Promise<number> {
    const result = await this.db
      .deleteFrom('registrations')
      .where('expires_at', '<=', toIso(now, 'now'))
      .executeTakeFirst();
    return toCount(result.numDeletedRows);
  }

  /** One count on `registrations_expires_idx`, so a scrape of the metrics reads no rows. */
  async countActive(now: string): Promise<number> {
    const row = await this.db
      .selectFrom('registrations')
      .select((eb) => eb.fn.countAll().as('bindings'))
      .where('expires_at', '>', toIso(now, 'now'))
      .executeTakeFirstOrThrow();
    return toCount(row.bindings);
  }
}
