import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { describeMigrationContract } from './contract/migration.contract.ts';
import type { Database } from './database.ts';
import { migrationProvider } from './migrations/index.ts';
import { openStore, parseStoreUrl } from './openStore.ts';
import { describeStoreContract } from './store.contract.ts';

describeStoreContract('SQLite in memory', async () => openStore({ url: 'sqlite::memory:' }));
describeMigrationContract('SQLite in memory', async () => {
  const database = new BetterSqlite3(':memory:');
  database.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
});

describe('SQLite store on a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vaxel-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data across reopening, migrates twice harmlessly and closes twice safely', async () => {
    const url = `sqlite:${join(dir, 'nested', 'vaxel.db')}`;
    const first = openStore({ url });
    await first.migrate();
    const org = await first.organisations.create({
      name: 'Kept',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'light',
    });
    await first.close();
    await first.close();

    const second = openStore({ url });
    await second.migrate();
    expect(await second.organisations.get(org.id)).toEqual(org);
    expect(second.dialect).toBe('sqlite');
    await second.close();
  });
});

describe('SQLite audit log', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vaxel-store-audit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to change an entry and removes the entries of a deleted organisation', async () => {
    const file = join(dir, 'audit.db');
    const store = openStore({ url: `sqlite:${file}` });
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
    await store.close();

    const raw = new BetterSqlite3(file);
    try {
      raw.pragma('foreign_keys = ON');
      expect(() => raw.prepare("update audit_log set object_name = 'Forged' where id = ?").run(written.id)).toThrow(
        /never changed/,
      );
      raw.prepare('delete from organisations where id = ?').run(org.id);
      expect(raw.prepare('select id from audit_log').all()).toEqual([{ id: kept.id }]);
    } finally {
      raw.close();
    }
  });
});

describe('store URLs', () => {
  it('reads SQLite and PostgreSQL URLs and bare paths', () => {
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', file: ':memory:' });
    expect(parseStoreUrl('sqlite:/var/lib/vaxel/vaxel.db')).toEqual({
      dialect: 'sqlite',
      file: '/var/lib/vaxel/vaxel.db',
    });
    expect(parseStoreUrl('sqlite:///var/lib/vaxel/vaxel.db')).toEqual({
      dialect: 'sqlite',
      file: '/var/lib/vaxel/vaxel.db',
    });
    expect(parseStoreUrl('data/vaxel.db')).toEqual({ dialect: 'sqlite', file: 'data/vaxel.db' });
    expect(parseStoreUrl('postgres://u@db:5432/vaxel')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u@db:5432/vaxel',
    });
  });

  it('refuses a SQLite URL without a file', () => {
    expect(() => parseStoreUrl('sqlite:')).toThrow(/names no database file/);
  });
});

describe('the accounts migration (0004)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vaxel-store-0004-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the sessions open at the upgrade a public id of their own, so they stay valid and listable', async () => {
    const file = join(dir, 'upgrade.db');
    const before = new Kysely<any>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
    const migrator = new Migrator({ db: before, provider: migrationProvider });
    expect((await migrator.migrateTo('0003_organisation_country')).error).toBeUndefined();
    await before
      .insertInto('accounts')
      .values({ id: 'a1', email: 'p@x.test', name: 'P', password_hash: null })
      .execute();
    for (const hash of ['h1', 'h2']) {
      await before
        .insertInto('tokens')
        .values({
          token_hash: hash,
          account_id: 'a1',
          kind: 'session',
          expires_at: '2099-01-01T00:00:00.000Z',
          created_at: '2026-01-01T00:00:00.000Z',
        })
        .execute();
    }
    await before.destroy();

    const store = openStore({ url: `sqlite:${file}` });
    await store.migrate();
    const sessions = await store.accounts.listSessions('a1', '2026-06-01T00:00:00.000Z');
    expect(sessions.map((s) => s.tokenHash).sort()).toEqual(['h1', 'h2']);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(2);
    expect(sessions.every((s) => s.id && !['h1', 'h2'].includes(s.id))).toBe(true);
    await store.close();
  });
});
