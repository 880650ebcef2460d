import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.ts';
import { translateDatabaseError } from './errors.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Repositories, Store } from './ports.ts';
import { queryLog, type QueryTimer } from './queryTiming.ts';
import { createRepositories } from './repositories.ts';
import { StatementCache } from './statementCache.ts';

export type StoreOptions = {
  /**
   * `sqlite:/path/to/file.db`, `sqlite::memory:`, a bare file path (SQLite), or
   * `postgres://user@host:port/database` (also `postgresql://`).
   */
  url: string;
  /** PostgreSQL pool size (default 10). */
  maxConnections?: number;
  /**
   * PostgreSQL: an idle pooled connection failed (server restarted, network cut). The pool drops
   * it and the next query connects anew; without a listener node-postgres would crash the process.
   */
  onConnectionError?: (error: Error) => void;
  /** Told the duration of every query, on both dialects (the operator's metrics, issue 11). */
  onQuery?: QueryTimer;
};

type Target = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; connectionString: string };

export function parseStoreUrl(url: string): Target {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', connectionString: url };
  let file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  // sqlite:///abs/path and sqlite://relative both name a file after the slashes.
  if (file.startsWith('//')) file = file.slice(2);
  if (file === '') throw new Error(`store URL "${url}" names no database file`);
  return { dialect: 'sqlite', file };
}

type Opened = { dialect: Dialect; beforeClose?: () => void };

function sqliteDialect(file: string): Opened {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  if (file !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // Planner statistics, as https://sqlite.org/lang_analyze.html#autoanalyze recommends for a
  // long-lived connection: a bounded ANALYZE where needed at open and again at close. Without
  // them the call-log search may pick a poor index once the log is large.
  database.pragma('analysis_limit = 1000');
  database.pragma('optimize = 0x10002');
  return {
    // Kysely's SQLite driver prepares every query afresh; the cache keeps the statements it prepared.
    dialect: new SqliteDialect({ database: new StatementCache(database) }),
    beforeClose: () => {
      if (database.open) database.pragma('optimize');
    },
  };
}

function postgresDialect(connectionString: string, max: number, onConnectionError: (error: Error) => void): Opened {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', onConnectionError);
  return { dialect: new PostgresDialect({ pool }) };
}

/** Opens the store; call `migrate()` before first use of a new database. */
export function openStore(options: StoreOptions): Store {
  const target = parseStoreUrl(options.url);
  const opened =
    target.dialect === 'sqlite'
      ? sqliteDialect(target.file)
      : postgresDialect(target.connectionString, options.maxConnections ?? 10, options.onConnectionError ?? (() => {}));
  const log = options.onQuery ? { log: queryLog(options.onQuery) } : {};
  return new KyselyStore(new Kysely<Database>({ dialect: opened.dialect, ...log }), target.dialect, opened.beforeClose);
}

class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #repositories: Repositories;
  readonly #beforeClose: (() => void) | undefined;
  #closed: Promise<void> | null = null;

  /** Set inside the async context of a transaction's work, to catch the store being used there. */
  readonly #transactionContext = new AsyncLocalStorage<{ open: boolean }>();

  constructor(
    db: Kysely<Database>,
    readonly dialect: 'sqlite' | 'postgres',
    beforeClose?: () => void,
  ) {
    this.#db = db;
    this.#beforeClose = beforeClose;
    this.#repositories = createRepositories(db, () => this.#refuseInsideTransaction());
  }

  /**
   * Inside `transaction(work)`, work must use the `tx` repositories it is given. Using the store's
   * own would read and write outside the transaction on PostgreSQL and wait forever for the one
   * connection on SQLite; both are refused at once with an error naming the mistake.
   */
  #refuseInsideTransaction(): void {
    if (this.#transactionContext.getStore()?.open) {
      throw new Error(
        'inside store.transaction(work), use the repositories passed to work (tx.*), not the store itself',
      );
    }
  }

  get organisations() {
    return this.#repositories.organisations;
  }
  get accounts() {
    return this.#repositories.accounts;
  }
  get invitations() {
    return this.#repositories.invitations;
  }
  get loginThrottle() {
    return this.#repositories.loginThrottle;
  }
  get numbers() {
    return this.#repositories.numbers;
  }
  get users() {
    return this.#repositories.users;
  }
  get teams() {
    return this.#repositories.teams;
  }
  get responseGroups() {
    return this.#repositories.responseGroups;
  }
  get ivrMenus() {
    return this.#repositories.ivrMenus;
  }
  get callRouting() {
    return this.#repositories.callRouting;
  }
  get outboundRules() {
    return this.#repositories.outboundRules;
  }
  get outboundBlocks() {
    return this.#repositories.outboundBlocks;
  }
  get audioFiles() {
    return this.#repositories.audioFiles;
  }
  get displayNumbers() {
    return this.#repositories.displayNumbers;
  }
  get subscription() {
    return this.#repositories.subscription;
  }
  get recordings() {
    return this.#repositories.recordings;
  }
  get calls() {
    return this.#repositories.calls;
  }
  get trunks() {
    return this.#repositories.trunks;
  }
  get registrations() {
    return this.#repositories.registrations;
  }
  get voicemail() {
    return this.#repositories.voicemail;
  }
  get auditLog() {
    return this.#repositories.auditLog;
  }
  get switchState() {
    return this.#repositories.switchState;
  }

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    this.#refuseInsideTransaction();
    try {
      // Work it started that outlives the transaction (a late callback) may use the store again.
      const context = { open: true };
      try {
        return await this.#db
          .transaction()
          .execute((trx) => this.#transactionContext.run(context, () => work(createRepositories(trx))));
      } finally {
        context.open = false;
      }
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.#db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`store migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    if (this.dialect === 'sqlite') await sql`pragma optimize`.execute(this.#db);
  }

  /** Closes the connection or pool; safe to call more than once. */
  close(): Promise<void> {
    this.#closed ??= this.#shutDown();
    return this.#closed;
  }

  async #shutDown(): Promise<void> {
    try {
      this.#beforeClose?.();
    } finally {
      await this.#db.destroy();
    }
  }
}
