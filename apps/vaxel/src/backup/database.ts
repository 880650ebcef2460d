import { spawn } from 'node:child_process';
import BetterSqlite3 from 'better-sqlite3';
import { parseStoreUrl } from '@vaxel/store';

/**
 * The database side of backup and restore: SQLite through better-sqlite3's online backup API
 * (https://sqlite.org/backup.html: a consistent copy while `vaxel start` keeps writing), and
 * PostgreSQL through Debian's postgresql-client (pg_dump, pg_restore, psql).
 */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** A failure worth a plain message (the command prints it and exits 1). */
export class BackupFailed extends Error {
  override readonly name = 'BackupFailed';
}

export function databaseTarget(databaseUrl: string): DatabaseTarget {
  const parsed = parseStoreUrl(databaseUrl);
  if (parsed.dialect === 'postgres') return { kind: 'postgres', url: parsed.connectionString };
  if (parsed.file === ':memory:')
    throw new BackupFailed('an in-memory database has nothing to back up or restore into');
  return { kind: 'sqlite', file: parsed.file };
}

/** Copies a live SQLite database into `destination`, page by page, without stopping writers. */
export async function snapshotSqlite(file: string, destination: string): Promise<{ migration: string | null }> {
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(file, { fileMustExist: true });
  } catch (error) {
    throw new BackupFailed(`cannot open the SQLite database ${file}: ${(error as Error).message}`);
  }
  try {
    database.pragma('busy_timeout = 5000');
    await database.backup(destination);
  } finally {
    database.close();
  }
  return { migration: sqliteMigration(destination) };
}

/** The newest applied store migration of a SQLite file (Kysely's table), or null before any. */
export function sqliteMigration(file: string): string | null {
  const database = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const table = database
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (!table) return null;
    const row = database.prepare('select name from kysely_migration order by name desc limit 1').get() as
      { name: string } | undefined;
    return row?.name ?? null;
  } finally {
    database.close();
  }
}

/** SQLite's own check of a restored file, before it replaces anything. */
export function checkSqlite(file: string): void {
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupFailed(`the database in the backup cannot be opened: ${(error as Error).message}`);
  }
  try {
    const result = database.pragma('integrity_check', { simple: true });
    if (result !== 'ok')
      throw new BackupFailed(`the database in the backup fails SQLite's integrity check: ${String(result)}`);
  } catch (error) {
    if (error instanceof BackupFailed) throw error;
    throw new BackupFailed(`the database in the backup is not a usable SQLite database: ${(error as Error).message}`);
  } finally {
    database.close();
  }
}

/**
 * libpq takes a connection URL as the database name; the password goes in PGPASSWORD instead,
 * so it never shows in the process list.
 */
function libpq(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs a PostgreSQL client tool; a missing tool becomes an install hint. */
function run(
  tool: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: (stdin: NodeJS.WritableStream) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new BackupFailed(`${tool} is not installed: apt-get install postgresql-client`));
      else reject(error);
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    if (input) input(child.stdin!);
  });
}

const firstLines = (text: string) => text.trim().split('\n').slice(0, 6).join('\n');

async function toolVersion(tool: string): Promise<string> {
  const result = await run(tool, ['--version'], process.env);
  return /(\d+(\.\d+)+)/.exec(result.stdout)?.[1] ?? result.stdout.trim();
}

async function query(url: string, sql: string): Promise<string> {
  const { dbname, env } = libpq(url);
  const result = await run(
    'psql',
    ['--no-psqlrc', '--tuples-only', '--no-align', '--set=ON_ERROR_STOP=1', `--command=${sql}`, dbname],
    env,
  );
  if (result.code !== 0) throw new BackupFailed(`cannot query the PostgreSQL database: ${firstLines(result.stderr)}`);
  return result.stdout.trim();
}

/** pg_dump in its custom format (compressed, restorable by pg_restore table by table). */
export async function dumpPostgres(
  url: string,
  destination: string,
): Promise<{ migration: string | null; serverVersion: string; dumpVersion: string }> {
  const { dbname, env } = libpq(url);
  const result = await run('pg_dump', ['--format=custom', `--file=${destination}`, dbname], env);
  if (result.code !== 0) {
    const hint = /version mismatch/.test(result.stderr)
      ? '\nInstall the postgresql-client of the server’s major version (or newer).'
      : '';
    throw new BackupFailed(`pg_dump failed: ${firstLines(result.stderr)}${hint}`);
  }
  const hasMigrations =
    (await query(
      url,
      "select count(*) from information_schema.tables where table_schema = 'public' and table_name = 'kysely_migration'",
    )) === '1';
  return {
    migration: hasMigrations
      ? (await query(url, 'select name from kysely_migration order by name desc limit 1')) || null
      : null,
    serverVersion: await query(url, 'show server_version'),
    dumpVersion: await toolVersion('pg_dump'),
  };
}

/** The number of tables in the database's public schema (Växel's tables live there). */
export async function postgresTableCount(url: string): Promise<number> {
  return Number(await query(url, "select count(*) from pg_tables where schemaname = 'public'"));
}

/**
 * Drops what Växel keeps in the public schema: its tables (with their indexes and sequences) and
 * its functions (the audit log's trigger function), which the dump creates again. Functions that
 * belong to an extension are the extension's, and are left alone.
 */
const dropEverything = `
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.sequencename);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.signature);
  END LOOP;
END $$;
`;

/** Inside the restore's transaction: a database that gained tables since the check is not overwritten. */
const refuseTables = `
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = 'public') THEN
    RAISE EXCEPTION 'the database has tables; restore with --force to replace them';
  END IF;
END $$;
`;

/**
 * Restores a custom-format dump in one transaction: pg_restore turns the dump into SQL, psql runs
 * it after our BEGIN, and COMMIT is sent only once pg_restore has finished without error. A
 * failure anywhere (a dump it cannot read, a statement refused) ends psql without COMMIT, so the
 * database stays as it was. With `replace`, Växel's existing tables are dropped in the same
 * transaction; without it, a database that has tables is refused inside it.
 */
export async function restorePostgres(url: string, dumpFile: string, options: { replace: boolean }): Promise<void> {
  const { dbname, env } = libpq(url);
  const script = spawn('pg_restore', ['--no-owner', '--no-privileges', '--file=-', dumpFile], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let scriptErrors = '';
  script.stderr.on('data', (chunk) => (scriptErrors += String(chunk)));
  const scriptExit = new Promise<number | null>((resolve) => {
    script.once('error', (error: NodeJS.ErrnoException) => {
      scriptErrors +=
        error.code === 'ENOENT' ? 'pg_restore is not installed: apt-get install postgresql-client' : error.message;
      resolve(-1);
    });
    script.once('close', resolve);
  });
  const applied = run(
    'psql',
    ['--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1', `--dbname=${dbname}`],
    env,
    (stdin) => {
      // psql may stop early (a refused statement); its exit code says so, not a write error here.
      stdin.on('error', () => {});
      // Notices (what a CASCADE took along) are not errors: only warnings and errors reach stderr.
      stdin.write(`SET client_min_messages = warning;\nBEGIN;\n${options.replace ? dropEverything : refuseTables}`);
      script.stdout.pipe(stdin, { end: false });
      void scriptExit.then((code) => (code === 0 ? stdin.end('COMMIT;\n') : stdin.end()));
    },
  );
  const [scriptCode, result] = await Promise.all([scriptExit, applied]);
  if (scriptCode !== 0)
    throw new BackupFailed(`pg_restore cannot read the dump, nothing was changed: ${firstLines(scriptErrors)}`);
  if (result.code !== 0)
    throw new BackupFailed(`restoring into PostgreSQL failed, nothing was changed: ${firstLines(result.stderr)}`);
}
