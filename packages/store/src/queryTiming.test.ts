import { describe, expect, it } from 'vitest';
import { UniqueViolation } from './errors.ts';
import { openStore } from './openStore.ts';

describe('the store with a query timer (SQLite; PostgreSQL in test/store.postgres.test.ts)', () => {
  it('tells the duration of each query it runs', async () => {
    const durations: number[] = [];
    const store = openStore({ url: 'sqlite::memory:', onQuery: (ms) => durations.push(ms) });
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

  it('tells the duration of a query the database refused, too', async () => {
    const durations: number[] = [];
    const store = openStore({ url: 'sqlite::memory:', onQuery: (ms) => durations.push(ms) });
    try {
      await store.migrate();
      const org = await store.organisations.create({
        name: 'Timed',
        timeZone: 'Europe/Stockholm',
        language: 'sv',
        country: 'SE',
        package: 'light',
      });
      await store.numbers.allocate(org.id, [{ number: '+46812345678', type: 'landline' }]);
      const before = durations.length;
      await expect(store.numbers.allocate(org.id, [{ number: '+46812345678', type: 'landline' }])).rejects.toThrow(
        UniqueViolation,
      );
      expect(durations.length).toBeGreaterThan(before);
    } finally {
      await store.close();
    }
  });
});
