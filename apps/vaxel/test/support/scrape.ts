/// <reference path="./parse-prometheus-text-format.d.ts" />
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

/** One scrape of /metrics as Prometheus reads it: the text format parsed by a third-party parser. */
export class Scrape {
  readonly #families: Map<string, ParsedFamily>;

  constructor(readonly text: string) {
    this.#families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  }

  type(name: string): string | undefined {
    return this.#families.get(name)?.type;
  }

  /** The sample of `name` with exactly these labels; undefined when there is none. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const wanted = Object.entries(labels);
    const sample = this.#families.get(name)?.metrics.find((m) => {
      const has = Object.entries(m.labels ?? {});
      return has.length === wanted.length && wanted.every(([key, value]) => m.labels?.[key] === value);
    });
    return sample?.value === undefined ? undefined : Number(sample.value);
  }

  /** The values one label takes over a metric's samples (its series), in the order scraped. */
  labelValues(name: string, label: string): string[] {
    const values = this.#families.get(name)?.metrics.map((m) => m.labels?.[label]) ?? [];
    return values.filter((value): value is string => value !== undefined);
  }

  /** The histogram's observation count. */
  count(name: string): number | undefined {
    const count = this.#families.get(name)?.metrics[0]?.count;
    return count === undefined ? undefined : Number(count);
  }
}

/** GET /metrics with a bearer token; throws unless 200, so a test reads only real scrapes. */
export async function scrape(url: string, token: string): Promise<Scrape> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${text}`);
  return new Scrape(text);
}
