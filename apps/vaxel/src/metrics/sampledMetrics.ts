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

/** One series per value of `labelName` (a bounded set: the switch's threads), read at scrape time. */
export type SeriesReading = ReadonlyArray<readonly [label: string, value: number]>;

/** A {@link sampledGauge} with a series per label value; a series the reading leaves out is dropped. */
export function sampledSeriesGauge(
  registry: Registry,
  name: string,
  help: string,
  labelName: string,
  read: () => SeriesReading | undefined,
): Gauge {
  return new Gauge({
    name,
    help,
    labelNames: [labelName],
    registers: [registry],
    collect() {
      const series = read();
      if (series === undefined) return;
      this.reset();
      for (const [label, value] of series) this.set({ [labelName]: label }, value);
    },
  });
}

/** A {@link sampledCounter} with a series per label value, each a running total kept elsewhere. */
export function sampledSeriesCounter(
  registry: Registry,
  name: string,
  help: string,
  labelName: string,
  readTotals: () => SeriesReading | undefined,
): Counter {
  const exported = new Map<string, number>();
  return new Counter({
    name,
    help,
    labelNames: [labelName],
    registers: [registry],
    collect() {
      for (const [label, total] of readTotals() ?? []) {
        const before = exported.get(label);
        if (before !== undefined && total <= before) continue;
        this.inc({ [labelName]: label }, total - (before ?? 0));
        exported.set(label, total);
      }
    },
  });
}
