import { Counter, type Registry } from 'prom-client';

/** One labelled series of a {@link TallyCounter}: the hot path adds to `count`, nothing else. */
export class Tally {
  count = 0;
  /** What prom-client has been told so far. */
  exported = 0;
  constructor(readonly labels: Readonly<Record<string, string>>) {}
}

/**
 * A Prometheus counter whose series are counted in plain numbers and handed to prom-client only
 * at scrape time (its `collect()`). prom-client's own `inc()`, even on a child from `labels()`,
 * builds a label hash string and validates the labels on every call; SIP traffic is counted per
 * message, so the hot path here is `tally.count += 1` on a series resolved in advance and
 * allocates nothing. The label set is whatever series the owner creates: it must be bounded.
 */
export class TallyCounter {
  readonly #tallies: Tally[] = [];
  readonly #counter: Counter;

  constructor(registry: Registry, name: string, help: string, labelNames: readonly string[] = []) {
    const tallies = this.#tallies;
    this.#counter = new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        for (const tally of tallies) {
          if (tally.count === tally.exported) continue;
          this.inc(tally.labels, tally.count - tally.exported);
          tally.exported = tally.count;
        }
      },
    });
  }

  /**
   * A new series with these label values (call once per series, at set-up or on first use). It
   * is exported at once, at 0, so `rate()` sees its first increase.
   */
  series(labels: Readonly<Record<string, string>> = {}): Tally {
    const tally = new Tally(labels);
    this.#tallies.push(tally);
    this.#counter.inc(labels, 0);
    return tally;
  }
}
