import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** What the cache needs of a better-sqlite3 `Database`, and of its statements. */
export interface PreparingDatabase<S extends CacheableStatement> {
  prepare(sql: string): S;
  close(): void;
}

export interface CacheableStatement extends SqliteStatement {
  /** better-sqlite3: true while an iterator over the statement's rows is open. */
  readonly busy: boolean;
}

/** Statements kept by default: more than the store's distinct queries, few enough to stay small. */
export const DEFAULT_STATEMENT_CACHE_SIZE = 256;

/**
 * A bounded least-recently-used cache of prepared statements keyed by their SQL text, in front of
 * the better-sqlite3 database Kysely's `SqliteDialect` is given. Kysely's SQLite driver calls
 * `prepare(sql)` for every query, and preparing (parsing and planning) costs as much as running
 * a small query; the store's queries repeat the same text with other parameters, so a statement
 * prepared once serves them all.
 *
 * Sound because the driver uses a statement only within one call: `all` or `run`, which finish
 * before they return, or `iterate` while a stream holds the one connection. A statement with an
 * open iterator is busy and better-sqlite3 refuses to run it again (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#iteratebindparameters--iterator),
 * so for its SQL a fresh, uncached statement is prepared until the iterator closes. A statement
 * outlives schema changes: SQLite re-prepares it when the schema it was planned on changed
 * (https://sqlite.org/c3ref/prepare.html, sqlite3_prepare_v2). Statements the cache drops are
 * finalised by better-sqlite3 when collected.
 */
export class StatementCache<S extends CacheableStatement> implements SqliteDatabase {
  /** Map order is the recency order: the first entry is the least recently used. */
  readonly #statements = new Map<string, S>();
  readonly #database: PreparingDatabase<S>;
  readonly #capacity: number;

  constructor(database: PreparingDatabase<S>, capacity = DEFAULT_STATEMENT_CACHE_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`statement cache size ${capacity} is not ≥ 1`);
    this.#database = database;
    this.#capacity = capacity;
  }

  /** Statements kept now (at most the capacity). */
  get size(): number {
    return this.#statements.size;
  }

  prepare(sql: string): S {
    const known = this.#statements.get(sql);
    if (known) {
      if (known.busy) return this.#database.prepare(sql);
      this.#statements.delete(sql);
      this.#statements.set(sql, known);
      return known;
    }
    const statement = this.#database.prepare(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.#capacity) {
      const oldest = this.#statements.keys().next().value as string;
      this.#statements.delete(oldest);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
  }
}
