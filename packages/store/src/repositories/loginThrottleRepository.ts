import { newId, toIso } from '../codec.ts';
import type { Db } from '../database.ts';
import type { LoginThrottleRepository } from '../ports.ts';

const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** One row per failed attempt, so every API node counts the same attempts in the same windows. */
export class KyselyLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly db: Db) {}

  async recordFailure(failure: { address: string; email: string; at: string }): Promise<void> {
    await this.db
      .insertInto('login_failures')
      .values({
        id: newId(),
        address: failure.address,
        email: normaliseEmail(failure.email),
        failed_at: toIso(failure.at, 'at'),
      })
      .execute();
  }

  async failures(query: {
    address?: string;
    email?: string;
    since: string;
  }): Promise<{ count: number; lastAt: string | null }> {
    if (query.address === undefined && query.email === undefined)
      throw new Error('failures() needs an address, an email or both');
    let select = this.db
      .selectFrom('login_failures')
      .select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.max('failed_at').as('last_at')])
      .where('failed_at', '>', toIso(query.since, 'since'));
    if (query.address !== undefined) select = select.where('address', '=', query.address);
    if (query.email !== undefined) select = select.where('email', '=', normaliseEmail(query.email));
    const row = await select.executeTakeFirst();
    return { count: Number(row?.count ?? 0), lastAt: row?.last_at ?? null };
  }

  async recordSuccess(success: { address: string; email: string; at: string }): Promise<void> {
    const email = normaliseEmail(success.email);
    const at = toIso(success.at, 'at');
    await this.db.deleteFrom('login_failures').where('email', '=', email).execute();
    await this.db
      .insertInto('login_addresses')
      .values({ email, address: success.address, last_success_at: at })
      .onConflict((oc) => oc.columns(['email', 'address']).doUpdateSet({ last_success_at: at }))
      .execute();
  }

  async isKnownAddress(email: string, address: string, since: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('login_addresses')
      .select('address')
      .where('email', '=', normaliseEmail(email))
      .where('address', '=', address)
      .where('last_success_at', '>', toIso(since, 'since'))
      .executeTakeFirst();
    return row !== undefined;
  }

  async prune(before: { failures: string; knownAddresses: string }): Promise<void> {
    await this.db.deleteFrom('login_failures').where('failed_at', '<=', toIso(before.failures, 'failures')).execute();
    await this.db
      .deleteFrom('login_addresses')
      .where('last_success_at', '<=', toIso(before.knownAddresses, 'knownAddresses'))
      .execute();
  }
}
