import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { describeMigrationContract } from '../src/contract/migration.contract.ts';
import type { Database } from '../src/database.ts';
import { openStore, UniqueViolation } from '../src/index.ts';
import { describeStoreContract } from '../src/store.contract.ts';

/**
 * The store contract on a real PostgreSQL. Needs VAXEL_TEST_DATABASE_URL (an admin connection,
 * e.g. from scripts/with-postgres.sh); fails without it unless VAXEL_SKIP_POSTGRES=1. Every test
 * gets a database of its own, created here and dropped at the end.
 */
const adminUrl = process.env.VAXEL_TEST_DATABASE_URL;
const skip = process.env.VAXEL_SKIP_POSTGRES === '1';

if (!adminUrl) {
  describe('store contract: PostgreSQL', () => {
    it.skipIf(skip)(
      'needs VAXEL_TEST_DATABASE_URL (run under scripts/with-postgres.sh, or set VAXEL_SKIP_POSTGRES=1)',
      () => {
        throw new Error(
          'VAXEL_TEST_DATABASE_URL is not set: run `scripts/with-postgres.sh npx vitest run packages/store`',
        );
      },
    );
  });
} else {
  const admin = new pg.Pool({ connectionString: adminUrl, max: 2 });
  const created: string[] = [];

  async function freshDatabaseUrl(): Promise<string> {
    const name = `vaxel_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create database ${name}`);
    created.push(name);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  afterAll(async () => {
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  describeStoreContract('PostgreSQL', async () => openStore({ url: await freshDatabaseUrl(), maxConnections: 4 }));
  describeMigrationContract(
    'PostgreSQL',
    async () =>
      new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await freshDatabaseUrl(), max: 2 }) }),
      }),
  );

  describe('PostgreSQL specifics', () => {
    it('survives the server cutting its idle connections and reconnects for the next query', async () => {
      const errors: Error[] = [];
      const url = await freshDatabaseUrl();
      const store = openStore({ url, onConnectionError: (e) => errors.push(e) });
      try {
        await store.migrate();
        await store.organisations.list();
        const name = new URL(url).pathname.slice(1);
        await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(errors.length).toBeGreaterThan(0);
        expect(await store.organisations.list()).toEqual([]);
      } finally {
        await store.close();
      }
    });

    it('tells a query timer the duration of each query, as SQLite does', async () => {
      const durations: number[] = [];
      const store = openStore({ url: await freshDatabaseUrl(), onQuery: (ms) => durations.push(ms) });
      try {
        await store.migrate();
        const before = durations.length;
        await store.organisations.list();
        await store.registrations.countActive('2026-01-01T00:00:00.000Z');
        expect(durations).toHaveLength(before + 2);
        expect(durations.every((ms) => Number.isFinite(ms) && ms >= 0)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('refuses to change an audit entry and removes the entries of a deleted organisation', async () => {
      const url = await freshDatabaseUrl();
      const store = openStore({ url });
      const raw = new pg.Client({ connectionString: url });
      try {
        await store.migrate();
        const org = await store.organisations.create({
          name: 'Gone',
          timeZone: 'Europe/Stockholm',
          language: 'sv',
          country: 'SE',
          package: 'light',
        });
        const entry = {
          organisationId: org.id,
          at: '2026-01-01T00:00:00.000Z',
          actor: { kind: 'system' as const, accountId: null, name: 'Växel', email: null },
          sourceAddress: null,
          action: 'update',
          objectType: 'team',
          objectId: 't1',
          objectName: 'Sales',
          changes: [],
          detail: null,
        };
        const kept = await store.auditLog.append({ ...entry, organisationId: null });
        const written = await store.auditLog.append(entry);
        await raw.connect();
        await expect(
          raw.query("update audit_log set object_name = 'Forged' where id = $1", [written.id]),
        ).rejects.toThrow(/never changed/);
        await raw.query('delete from organisations where id = $1', [org.id]);
        expect((await raw.query('select id from audit_log')).rows).toEqual([{ id: kept.id }]);
      } finally {
        await raw.end();
        await store.close();
      }
    });

    it('reports a unique rule by its constraint name, as SQLite does by its columns', async () => {
      const store = openStore({ url: await freshDatabaseUrl() });
      try {
        await store.migrate();
        expect(store.dialect).toBe('postgres');
        const org = await store.organisations.create({
          name: 'A',
          timeZone: 'Europe/Stockholm',
          language: 'sv',
          country: 'SE',
          package: 'light',
        });
        await store.numbers.allocate(org.id, [{ number: '+46812345678', type: 'landline' }]);
        const error = await store.numbers
          .allocate(org.id, [{ number: '+46812345678', type: 'landline' }])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UniqueViolation);
        expect(error).toMatchObject({ constraint: 'numbers_pkey', field: 'number' });
      } finally {
        await store.close();
      }
    });
  });
}
