import { collectDefaultMetrics, Registry } from 'prom-client';
import type { QueryTimer, RegistrationRepository } from '@vaxel/store';
import type { SwitchObserver } from '@vaxel/switch';
import { registrationsGauge, storeQueryTimer } from './storeMetrics.ts';
import { switchObserverMetrics } from './switchObserverMetrics.ts';
import { switchReadings, type SwitchReadings } from './switchReadings.ts';
import { threadReadings, type ThreadReadings } from './threadReadings.ts';

export type VaxelMetrics = {
  /** The registry `GET /metrics` serves (`contentType`, `metrics()`): our own, not prom-client's global one. */
  registry: Registry;
  /** Passed to the Switch as `SwitchOptions.observer`. */
  observer: SwitchObserver;
  /** Passed to `openStore` as `onQuery`. */
  onQuery: QueryTimer;
};

/**
 * Every metric of `vaxel start` (issue 11) on one registry: the switch's counters through its
 * observer, its figures read at scrape time, the store's query times and registrations, and
 * prom-client's default process metrics (CPU, RSS, open files, GC, `nodejs_eventloop_lag_*` of
 * the main thread). The switch and the store are found through `parts`, as they are made after
 * the metrics (the store needs the query timer when it opens).
 */
export function vaxelMetrics(parts: {
  switch: () => (SwitchReadings & ThreadReadings) | undefined;
  registrations: () => Pick<RegistrationRepository, 'countActive'> | undefined;
}): VaxelMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const observer = switchObserverMetrics(registry);
  switchReadings(registry, parts.switch);
  threadReadings(registry, parts.switch);
  registrationsGauge(registry, parts.registrations);
  return { registry, observer, onQuery: storeQueryTimer(registry) };
}
