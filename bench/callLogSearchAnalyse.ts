import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { parseStoreUrl } from '../packages/store/src/index.ts';

/**
 * Refreshes the planner statistics after the bulk load, as a running system gets from
 * PostgreSQL's autovacuum and from SQLite's `PRAGMA optimize` (run by the store on close).
 * BENCH_ANALYZE=0 skips it to see the plans without statistics.
 */
export async function analyse(url: string): Promise<void> {
  if (process.env.BENCH_ANALYZE === '0') return;
  const target = parseStoreUrl(url);
  if (target.dialect === 'sqlite') {
    const db = new BetterSqlite3(target.file);
    db.exec('ANALYZE');
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  await client.query('ANALYZE');
  await client.end();
}

/** Runs `work` on a database created for it, dropped afterwards. */
export async function withFreshPostgresDatabase<T>(adminUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `vaxel_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
