import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StatementCache } from './statementCache.ts';

const open = () => {
  const database = new BetterSqlite3(':memory:');
  database.exec('create table calls (id integer primary key, outcome text)');
  database.exec("insert into calls (outcome) values ('answered'), ('missed'), ('answered')");
  return database;
};

describe('StatementCache', () => {
  let database: BetterSqlite3.Database;
  afterEach(() => {
    if (database?.open) database.close();
  });

  it('hands out the statement it prepared before for the same SQL', () => {
    database = open();
    const cache = new StatementCache(database);
    const first = cache.prepare('select count(*) as n from calls where outcome = ?');
    const again = cache.prepare('select count(*) as n from calls where outcome = ?');
    expect(again).toBe(first);
    expect(again.all(['answered'])).toEqual([{ n: 2 }]);
    expect(again.all(['missed'])).toEqual([{ n: 1 }]);
  });

  it('prepares a statement of its own for other SQL', () => {
    database = open();
    const cache = new StatementCache(database);
    expect(cache.prepare('select 1 as one')).not.toBe(cache.prepare('select 2 as two'));
    expect(cache.size).toBe(2);
  });

  it('keeps no more statements than its capacity', () => {
    database = open();
    const cache = new StatementCache(database, 3);
    for (let i = 0; i < 10; i++) cache.prepare(`select ${i} as n`);
    expect(cache.size).toBe(3);
  });

  it('drops the least recently used statement when full', () => {
    database = open();
    const cache = new StatementCache(database, 2);
    const a = cache.prepare('select 1 as n');
    const b = cache.prepare('select 2 as n');
    expect(cache.prepare('select 1 as n')).toBe(a); // a is now the most recent
    cache.prepare('select 3 as n'); // evicts b
    expect(cache.prepare('select 1 as n')).toBe(a);
    expect(cache.prepare('select 2 as n')).not.toBe(b);
  });

  it('prepares afresh while the cached statement has an open iterator, and reuses it once closed', () => {
    database = open();
    const cache = new StatementCache(database);
    const sql = 'select id from calls order by id';
    const iterating = cache.prepare(sql);
    const rows = iterating.iterate([]);
    expect(rows.next().value).toEqual({ id: 1 });
    const meanwhile = cache.prepare(sql);
    expect(meanwhile).not.toBe(iterating);
    expect(meanwhile.all([])).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect([...rows]).toEqual([{ id: 2 }, { id: 3 }]);
    expect(cache.prepare(sql)).toBe(iterating);
  });

  it('runs writes again with new parameters', () => {
    database = open();
    const cache = new StatementCache(database);
    const insert = 'insert into calls (outcome) values (?)';
    cache.prepare(insert).run(['busy']);
    cache.prepare(insert).run(['rejected']);
    expect(cache.prepare('select outcome from calls where id > 3 order by id').all([])).toEqual([
      { outcome: 'busy' },
      { outcome: 'rejected' },
    ]);
  });

  it('keeps working after the schema changes under a cached statement', () => {
    database = open();
    const cache = new StatementCache(database);
    const sql = 'select * from calls where id = 1';
    expect(cache.prepare(sql).all([])).toEqual([{ id: 1, outcome: 'answered' }]);
    cache.prepare('alter table calls add column talk_seconds integer').run([]);
    expect(cache.prepare(sql).all([])).toEqual([{ id: 1, outcome: 'answered', talk_seconds: null }]);
  });

  it('closes the database and forgets its statements', () => {
    database = open();
    const cache = new StatementCache(database);
    cache.prepare('select 1');
    cache.close();
    expect(database.open).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('refuses a capacity below one', () => {
    database = open();
    expect(() => new StatementCache(database, 0)).toThrow(RangeError);
  });
});
