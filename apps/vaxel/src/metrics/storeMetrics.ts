import { Histogram, type Registry } from 'prom-client';
import type { QueryTimer, RegistrationRepository } from '@vaxel/store';
import { sampledGauge } from './sampledMetrics.ts';

/** From half a millisecond (an indexed SQLite read) to seconds (a PostgreSQL server in trouble). */
export const queryBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** `vaxel_store_query_seconds`: the store's query timer (openStore's `onQuery`) as a histogram. */
export function storeQueryTimer(registry: Registry): QueryTimer {
  const histogram = new Histogram({
    name: 'vaxel_store_query_seconds',
    help: 'Time of each store query, failed ones included (Kysely measures it)',
    buckets: queryBuckets,
    registers: [registry],
  });
  return (durationMs) => histogram.observe(durationMs / 1000);
}

/**
 * `vaxel_registrations`: the device bindings registered now, of every organisation, counted by
 * the store at scrape time (one indexed count; the bindings are the store's, not the switch's
 * memory). When the count fails the gauge keeps its last value, so a store in trouble does not
 * take every other metric of the scrape with it.
 */
export function registrationsGauge(
  registry: Registry,
  registrations: () => Pick<RegistrationRepository, 'countActive'> | undefined,
  now: () => Date = () => new Date(),
): void {
  sampledGauge(
    registry,
    'vaxel_registrations',
    'Device bindings registered now (RFC 3261 §10), not expired',
    async () => {
      try {
        return await registrations()?.countActive(now().toISOString());
      } catch {
        return undefined;
      }
    },
  );
}
