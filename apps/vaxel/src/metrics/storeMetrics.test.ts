import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sampleValue } from './sampleValue.ts';
import { queryBuckets, registrationsGauge, storeQueryTimer } from './storeMetrics.ts';

describe("the store's query times", () => {
  it('go into the histogram in seconds, each in the buckets it fits', async () => {
    const registry = new Registry();
    const onQuery = storeQueryTimer(registry);
    onQuery(0.2);
    onQuery(3);
    onQuery(6000);
    // As the exposition shows them: cumulative buckets, the count and the sum.
    const text = await registry.metrics();
    const sample = (series: string) =>
      Number(new RegExp(`^${series.replace(/[{}+.]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(sample('vaxel_store_query_seconds_bucket{le="0.0005"}')).toBe(1);
    expect(sample('vaxel_store_query_seconds_bucket{le="0.005"}')).toBe(2);
    expect(sample(`vaxel_store_query_seconds_bucket{le="${queryBuckets.at(-1)}"}`)).toBe(2);
    expect(sample('vaxel_store_query_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(sample('vaxel_store_query_seconds_count')).toBe(3);
    expect(sample('vaxel_store_query_seconds_sum')).toBeCloseTo(6.0032, 6);
  });
});

describe('the registrations gauge', () => {
  it('asks the store at scrape time for the bindings not expired at that moment', async () => {
    const registry = new Registry();
    const asked: string[] = [];
    const now = new Date('2026-12-03T12:00:00.000Z');
    registrationsGauge(
      registry,
      () => ({ countActive: async (at) => (asked.push(at), 42) }),
      () => now,
    );
    expect(asked).toEqual([]);
    expect(await sampleValue(registry, 'vaxel_registrations')).toBe(42);
    expect(asked).toEqual(['2026-12-03T12:00:00.000Z']);
  });

  it('keeps its last value when the store fails, so the rest of the scrape still answers', async () => {
    const registry = new Registry();
    let failing = false;
    registrationsGauge(registry, () => ({
      countActive: async () => {
        if (failing) throw new Error('database is locked');
        return 5;
      },
    }));
    expect(await sampleValue(registry, 'vaxel_registrations')).toBe(5);
    failing = true;
    await expect(registry.metrics()).resolves.toContain('vaxel_registrations 5');
  });
});
