/**
 * Call-log search benchmark (R59): 1,000,000 calls for one organisation plus noise organisations,
 * then p50/p95 of the searches the console makes. SQLite always; PostgreSQL too when
 * VAXEL_TEST_DATABASE_URL is set (e.g. under scripts/with-postgres.sh).
 *
 *   npx tsx bench/callLogSearch.ts                       # SQLite
 *   scripts/with-postgres.sh npx tsx bench/callLogSearch.ts   # SQLite and PostgreSQL
 *
 * Options (env): BENCH_CALLS (default 1000000), BENCH_SAMPLES (default 200),
 * BENCH_WRITE_README=0 to leave bench/README.md alone, BENCH_KEEP=1 to keep bench/out/callLogSearch.db.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CallSearch } from '../packages/domain/src/index.ts';
import { openStore, type Store } from '../packages/store/src/index.ts';
import { callLogDataset, type Dataset } from './callLogSearchData.ts';
import { analyse } from './callLogSearchAnalyse.ts';
import { writeReadmeSection } from './callLogSearchReport.ts';

const totalCalls = Number(process.env.BENCH_CALLS ?? 1_000_000);
const samples = Number(process.env.BENCH_SAMPLES ?? 200);
const deepPage = 20;

type Scenario = {
  name: string;
  samples?: number;
  run: (store: Store, orgId: string, rnd: () => number) => Promise<number>;
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function scenarios(data: Dataset): Scenario[] {
  const pick = <T>(items: readonly T[], rnd: () => number): T => items[Math.floor(rnd() * items.length)]!;
  const day = (rnd: () => number): Pick<CallSearch, 'from' | 'to'> => {
    const start = data.start + Math.floor(rnd() * data.days) * 86_400_000;
    return { from: new Date(start).toISOString(), to: new Date(start + 86_400_000).toISOString() };
  };
  const search = (store: Store, orgId: string, query: Omit<CallSearch, 'limit'>) =>
    store.calls.search(orgId, { limit: 50, ...query });
  return [
    {
      name: '1 day + number',
      run: (s, o, r) => timed(() => search(s, o, { ...day(r), number: pick(data.orgNumbers, r) })),
    },
    {
      name: '1 day + response group',
      run: (s, o, r) => timed(() => search(s, o, { ...day(r), responseGroupId: pick(data.groupIds, r) })),
    },
    {
      name: '1 day + outcome',
      run: (s, o, r) => timed(() => search(s, o, { ...day(r), outcome: pick(data.outcomes, r) })),
    },
    { name: '1 day + user', run: (s, o, r) => timed(() => search(s, o, { ...day(r), userId: pick(data.userIds, r) })) },
    { name: '30 days + number', run: (s, o, r) => timed(() => search(s, o, { number: pick(data.orgNumbers, r) })) },
    {
      name: '30 days + group number',
      run: (s, o, r) => timed(() => search(s, o, { number: pick(data.groupNumbers, r) })),
    },
    { name: '30 days + user', run: (s, o, r) => timed(() => search(s, o, { userId: pick(data.userIds, r) })) },
    { name: 'first page, no filter', run: (s, o) => timed(() => search(s, o, {})) },
    {
      name: `page ${deepPage} (cursor), 1 day`,
      run: async (s, o, r) => {
        const range = day(r);
        let cursor: string | undefined;
        for (let page = 1; page < deepPage; page += 1) {
          cursor = (await search(s, o, { ...range, ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
        }
        return timed(() => search(s, o, { ...range, ...(cursor ? { cursor } : {}) }));
      },
    },
    // Statistics (R60) count every matching call: a different kind of query, fewer samples.
    { name: 'summarise 1 day', samples: 50, run: (s, o, r) => timed(() => s.calls.summarise(o, day(r))) },
    {
      name: 'summarise 1 day + group',
      samples: 50,
      run: (s, o, r) => timed(() => s.calls.summarise(o, { ...day(r), responseGroupId: pick(data.groupIds, r) })),
    },
    { name: 'summarise 30 days', samples: 10, run: (s, o) => timed(() => s.calls.summarise(o, {})) },
  ];
}

async function benchmark(label: string, url: string) {
  const store = openStore({ url });
  try {
    await store.migrate();
    const data = callLogDataset(totalCalls);
    const org = await store.organisations.create({
      name: 'Bench AB',
      timeZone: 'Europe/Stockholm',
      language: 'sv',
      country: 'SE',
      package: 'unlimited',
    });
    const noise = [
      await store.organisations.create({
        name: 'Noise 1',
        timeZone: 'Europe/Stockholm',
        language: 'sv',
        country: 'SE',
        package: 'light',
      }),
      await store.organisations.create({
        name: 'Noise 2',
        timeZone: 'Europe/Stockholm',
        language: 'sv',
        country: 'SE',
        package: 'light',
      }),
    ];

    const insertStart = performance.now();
    for (const chunk of data.chunks(org.id)) await store.calls.insertMany(org.id, chunk);
    for (const n of noise)
      for (const chunk of callLogDataset(Math.floor(totalCalls / 20), 7).chunks(n.id))
        await store.calls.insertMany(n.id, chunk);
    const insertSeconds = (performance.now() - insertStart) / 1000;
    console.log(
      `${label}: inserted ${totalCalls} calls (+${2 * Math.floor(totalCalls / 20)} noise) in ${insertSeconds.toFixed(1)} s`,
    );
    await analyse(url);

    const rows: Array<{ scenario: string; samples: number; p50: number; p95: number; max: number }> = [];
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    for (const scenario of scenarios(data)) {
      const count = Math.min(samples, scenario.samples ?? samples);
      for (let i = 0; i < Math.min(10, count); i += 1) await scenario.run(store, org.id, rnd); // warm-up
      const times: number[] = [];
      for (let i = 0; i < count; i += 1) times.push(await scenario.run(store, org.id, rnd));
      times.sort((a, b) => a - b);
      const row = {
        scenario: scenario.name,
        samples: count,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        max: times.at(-1)!,
      };
      rows.push(row);
      console.log(
        `${label}: ${row.scenario.padEnd(28)} p50 ${row.p50.toFixed(2)} ms  p95 ${row.p95.toFixed(2)} ms  max ${row.max.toFixed(2)} ms`,
      );
    }
    return { label, insertSeconds, rows };
  } finally {
    await store.close();
  }
}

const outDir = join(import.meta.dirname, 'out');
mkdirSync(outDir, { recursive: true });
const sqliteFile = join(outDir, 'callLogSearch.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });

const results = [await benchmark('SQLite', `sqlite:${sqliteFile}`)];
const pgAdmin = process.env.VAXEL_TEST_DATABASE_URL;
if (pgAdmin) {
  const { withFreshPostgresDatabase } = await import('./callLogSearchAnalyse.ts');
  results.push(await withFreshPostgresDatabase(pgAdmin, (url) => benchmark('PostgreSQL', url)));
}
if (process.env.BENCH_KEEP !== '1')
  for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });

if (process.env.BENCH_WRITE_README !== '0') {
  writeReadmeSection({ calls: totalCalls, samples, cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', results });
  console.log('bench/README.md updated');
}
