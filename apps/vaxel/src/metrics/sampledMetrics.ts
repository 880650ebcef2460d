import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * A gauge read at scrape time (prom-client's `collect()`), so nothing runs between scrapes.
 * `read` returns undefined while there is nothing to read (the switch not built yet): the gauge
 * keeps its last value, 0 at first.
 */
export function sampledGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => number | undefined | Promise<number | undefined>,
): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const value = await read();
      if (value !== undefined) this.set(value);
    },
  });
}

/**
 * A counter of a running total kept elsewhere (the switch's edge and media counters), read at
 * scrape time: prom-client is told what the total grew by since the last scrape.
 */
export function sampledCounter(
  registry: Registry,
  name: string,
  help: string,
  readTotal: () => number | undefined,
): Counter {
  let exported = 0;
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const total = readTotal();
      if (total === undefined || total <= exported) return;
      this.inc(total - exported);
      exported = total;
    },
  });
}
