/**
 * Settings API benchmark: a real `vaxel start` (child process, SQLite in a temp data folder) on
 * loopback, loaded with autocannon from this process. Measures the console's hottest settings
 * calls: list response groups, read call-routing defaults, save a response group.
 *
 *   node_modules/.bin/tsx bench/settingsApi.ts [--duration 10] [--connections 10]
 *
 * Writes the figures into bench/README.md, section "Settings API" (other sections untouched).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const email = 'bench@bench.example';
const password = 'bench password 123';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

type Result = {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
};

async function run(name: string, options: autocannon.Options): Promise<Result> {
  const result = await autocannon({ duration, connections, ...options });
  return {
    name,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vaxel-bench-'));
  const port = await freePort();
  const child = spawn(
    join(root, 'node_modules/.bin/tsx'),
    [
      'apps/vaxel/src/main.ts',
      'start',
      '--data',
      dataDir,
      '--http-port',
      String(port),
      '--sip-port',
      String(await freePort()),
    ],
    {
      cwd: root,
      env: { ...process.env, VAXEL_ADMIN_EMAIL: email, VAXEL_ADMIN_PASSWORD: password, VAXEL_LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error('vaxel did not start');
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        // starting
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await (
      await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
    ).json();
    const token: string = login.token;
    const orgId: string = login.me.organisations[0].organisationId;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const numbers = await (await fetch(`${base}/orgs/${orgId}/numbers?unassigned=true`, { headers })).json();
    const groupIds: string[] = [];
    for (const [i, n] of numbers.slice(0, 2).entries()) {
      const created = await fetch(`${base}/orgs/${orgId}/response-groups`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: `Bench ${i}`,
          number: n.number,
          numericId: String(i + 1),
          agentIds: [login.me.organisations[0].userId],
        }),
      });
      groupIds.push((await created.json()).id);
    }

    const results: Result[] = [];
    results.push(
      await run('GET response-groups (list of 2)', { url: `${base}/orgs/${orgId}/response-groups`, headers }),
    );
    results.push(
      await run('GET call-routing-defaults', { url: `${base}/orgs/${orgId}/call-routing-defaults`, headers }),
    );
    results.push(
      await run('PATCH response-group (settings + name)', {
        url: `${base}/orgs/${orgId}/response-groups/${groupIds[0]}`,
        method: 'PATCH',
        headers,
        body: JSON.stringify({
          name: 'Bench renamed',
          settings: { queue: { maxWaitSeconds: 120 }, distribution: { strategy: 'roundRobin' } },
        }),
      }),
    );
    for (const r of results)
      console.log(
        `${r.name}: ${r.rps} req/s, p50 ${r.p50} ms, p97.5 ${r.p975} ms, p99 ${r.p99} ms (${r.requests} requests, ${r.errors} errors, ${r.non2xx} non-2xx)`,
      );
    await writeReport(results);
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function writeReport(results: Result[]): Promise<void> {
  const path = join(root, 'bench/README.md');
  const existing = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const table = [
    '| Request | req/s | p50 ms | p97.5 ms | p99 ms | requests | errors / non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p975} | ${r.p99} | ${r.requests} | ${r.errors} / ${r.non2xx} |`,
    ),
  ];
  const section = [
    '## Settings API',
    '',
    `\`node_modules/.bin/tsx bench/settingsApi.ts\` — a real \`vaxel start\` (SQLite, own process) on loopback, autocannon with ${connections} connections for ${duration} s per request,`,
    `bearer token, on ${cpus().length} shared cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}. Measured ${new Date().toISOString().slice(0, 16)}Z.`,
    'Each request is authenticated (token lookup + membership) and its response validated against the zod schema.',
    '',
    ...table,
    '',
  ].join('\n');
  const pattern = /## Settings API\n[\s\S]*?(?=\n## |$)/;
  const next = pattern.test(existing)
    ? existing.replace(pattern, section.trimEnd() + '\n')
    : `${existing.trimEnd()}\n\n${section}`;
  await writeFile(path, next);
}

await main();
