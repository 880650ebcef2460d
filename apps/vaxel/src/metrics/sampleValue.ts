import type { Registry } from 'prom-client';

/**
 * One sample of a registry as a scrape would show it (collect callbacks run), or undefined when
 * the metric or the series does not exist. For tests and benchmarks that read a figure without
 * parsing the text exposition; labels must match exactly.
 */
export async function sampleValue(
  registry: Registry,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return undefined;
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const sample = values.find((v) => {
    const has = Object.entries(v.labels ?? {});
    return has.length === wanted.length && wanted.every(([key, value]) => String(v.labels[key]) === value);
  });
  return sample?.value;
}
