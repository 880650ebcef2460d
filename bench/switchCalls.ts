/**
 * Switch benchmark: a Switch in this process (SQLite store in a temp file), sipp as the caller
 * (Alice, digest-authenticated INVITEs) and as the callee (Bob's registered phone), all on
 * loopback. Two runs:
 *   1. call rate: `--calls` calls at `--rate` calls/s, 1 s each, no media: failures and
 *      post-dial delay (second INVITE, after the 407, to 200 OK, as sipp measures it);
 *   2. concurrency with media: `--concurrent` calls at once, `--hold` s each, RTP both ways
 *      (Alice plays 20 ms PCMU packets, Bob echoes them): failures, CPU of this process and
 *      memory per call.
 *
 *   node_modules/.bin/tsx bench/switchCalls.ts [--calls 200] [--rate 10] [--concurrent 50] [--hold 10]
 *
 * Writes the figures into bench/README.md between the switch markers (other sections untouched).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Switch } from '../packages/switch/src/index.ts';
import { seed } from '../packages/switch/test/fixtures.ts';
import { rtpPcap } from '../packages/switch/test/rtpPcap.ts';
import { untilBound } from '../packages/switch/test/sipp.ts';
import { quantile, sipp } from './sippLoad.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const scenarios = join(root, 'test/sipp');
const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '200' },
    rate: { type: 'string', default: '10' },
    concurrent: { type: 'string', default: '50' },
    hold: { type: 'string', default: '10' },
  },
});
const calls = Number(values.calls);
const rate = Number(values.rate);
const concurrent = Number(values.concurrent);
const hold = Number(values.hold);

let port = 41000;
const nextPort = () => (port += 4);

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switch-bench-'));
  const world = await seed({ trunkPort: nextPort() });
  const switchPort = nextPort();
  const sw = new Switch({
    store: world.store,
    sipPort: switchPort,
    bindAddress: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    rtpPortRange: { min: 50000, max: 54000 },
    digestAlgorithms: ['MD5', 'SHA-256'],
    authGuard: { exempt: ['127.0.0.1'] },
    flood: { exempt: ['127.0.0.1'] },
    rtpTimeoutSeconds: 0,
  });
  await sw.start();
  const base = ['-p'];
  const register = async (user: string, sippPort: number) => {
    const run = sipp([
      '-sf',
      join(scenarios, 'register.xml'),
      '-m',
      '1',
      '-s',
      user,
      '-au',
      user,
      '-ap',
      world.alice.password,
      '-key',
      'expires',
      '3600',
      ...base,
      String(sippPort),
      `127.0.0.1:${switchPort}`,
    ]);
    const result = await run.done;
    if (result.successful !== 1) throw new Error(`registration of ${user} failed:\n${result.output}`);
  };

  // 1. Call rate, no media.
  const bobPort = nextPort();
  await register('bob', bobPort);
  const bob = sipp([
    '-sf',
    join(scenarios, 'uas-answer.xml'),
    '-m',
    String(calls),
    '-d',
    '0',
    '-key',
    'rtpport',
    '40000',
    '-s',
    'bob',
    ...base,
    String(bobPort),
  ]);
  await untilBound(bobPort);
  const started = Date.now();
  const alice = await sipp([
    '-sf',
    join(scenarios, 'uac-call.xml'),
    '-m',
    String(calls),
    '-r',
    String(rate),
    '-l',
    String(calls),
    '-d',
    '1000',
    '-s',
    '1002',
    '-au',
    'alice',
    '-ap',
    world.alice.password,
    '-key',
    'caller',
    'alice',
    '-key',
    'rtpport',
    '40002',
    ...base,
    String(nextPort()),
    `127.0.0.1:${switchPort}`,
    '-timeout',
    `${Math.ceil(calls / rate) + 60}s`,
  ]).done;
  const rateSeconds = (Date.now() - started) / 1000;
  // The callee waits for as many calls as were placed; those that failed never reach it.
  const bobRateTimeout = setTimeout(() => bob.kill(), 20_000);
  const bobRate = await bob.done;
  clearTimeout(bobRateTimeout);
  const pdd = [...alice.rtt].sort((a, b) => a - b);
  const sippCoresRate = (alice.cpuSeconds + bobRate.cpuSeconds) / rateSeconds;

  // 2. Concurrency with RTP.
  const bobMediaPort = nextPort();
  const bobPort2 = nextPort();
  await register('bob', bobPort2);
  const bob2 = sipp([
    '-sf',
    join(scenarios, 'uas-answer.xml'),
    '-m',
    String(concurrent),
    '-d',
    '0',
    '-key',
    'rtpport',
    String(bobMediaPort),
    '-mp',
    String(bobMediaPort),
    '-rtp_echo',
    '-s',
    'bob',
    ...base,
    String(bobPort2),
  ]);
  await untilBound(bobPort2);
  globalThis.gc?.();
  const before = process.memoryUsage();
  const cpuBefore = process.cpuUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let peakCalls = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakCalls = Math.max(peakCalls, sw.stats().calls);
  }, 200);
  const concurrentStarted = Date.now();
  const aliceMediaPort = nextPort();
  const alice2 = await sipp(
    [
      '-sf',
      join(scenarios, 'uac-call-audio.xml'),
      '-m',
      String(concurrent),
      '-r',
      String(concurrent),
      '-l',
      String(concurrent),
      '-d',
      String(hold * 1000),
      '-mp',
      String(aliceMediaPort),
      '-s',
      '1002',
      '-au',
      'alice',
      '-ap',
      world.alice.password,
      '-key',
      'caller',
      'alice',
      ...base,
      String(nextPort()),
      `127.0.0.1:${switchPort}`,
      '-timeout',
      `${hold + 60}s`,
    ],
    { 'audio.pcap': rtpPcap(hold * 50) },
  ).done;
  const concurrentSeconds = (Date.now() - concurrentStarted) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  const bobConcurrentTimeout = setTimeout(() => bob2.kill(), 20_000);
  const bobConcurrent = await bob2.done;
  clearTimeout(bobConcurrentTimeout);
  const sippCoresConcurrent = (alice2.cpuSeconds + bobConcurrent.cpuSeconds) / concurrentSeconds;

  for (let i = 0; i < 800 && (sw.stats().calls > 0 || sw.stats().rtpPorts > 0); i++)
    await new Promise((r) => setTimeout(r, 50));
  const left = sw.stats();
  await sw.stop();
  await world.store.close();
  rmSync(dataDir, { recursive: true, force: true });

  const cpuPercent = ((cpu.user + cpu.system) / 1000 / (concurrentSeconds * 1000)) * 100;
  const section = [
    '<!-- switch:begin -->',
    '## Switch',
    '',
    `\`node_modules/.bin/tsx bench/switchCalls.ts --calls ${calls} --rate ${rate} --concurrent ${concurrent} --hold ${hold}\` — the Switch in the bench process`,
    `(SQLite in memory, call log written per call), sipp 3.6 as caller and callee on loopback, ${cpus().length} shared cores (${cpus()[0]?.model.trim() ?? 'unknown'}),`,
    `Node ${process.version}. Measured ${new Date().toISOString().slice(0, 16)}Z. Every call: INVITE, 407, INVITE with digest, 100, 180, 200, ACK, BYE; the switch`,
    'authenticates, routes (store reads), forks to the registered phone, anchors the media and writes the call log.',
    "Succeeded/failed are sipp's own cumulative statistics (-trace_stat, last row); post-dial delay is sipp's response time (-trace_rtt).",
    '',
    '| run | calls | succeeded | failed | duration s | figures |',
    '|---|---:|---:|---:|---:|---|',
    `| call rate, ${rate} calls/s, 1 s each, no media | ${calls} | ${alice.successful} | ${alice.failed} | ${rateSeconds.toFixed(1)} | post-dial delay p50 ${quantile(pdd, 0.5).toFixed(1)} ms, p99 ${quantile(pdd, 0.99).toFixed(1)} ms (${pdd.length} samples); callee ${bobRate.successful} ok; sipp (both ends) used ${sippCoresRate.toFixed(2)} of the ${cpus().length} cores |`,
    `| ${concurrent} concurrent, ${hold} s each, RTP both ways (50 pkt/s per direction) | ${concurrent} | ${alice2.successful} | ${alice2.failed} | ${concurrentSeconds.toFixed(1)} | peak ${peakCalls} calls; CPU ${cpuPercent.toFixed(0)} % of one core; memory per call ≈ ${((peakRss - before.rss) / Math.max(1, peakCalls) / 1024).toFixed(0)} KiB RSS, ${((peakHeap - before.heapUsed) / Math.max(1, peakCalls) / 1024).toFixed(0)} KiB heap (RSS ${mb(before.rss)} → ${mb(peakRss)} MiB); callee ${bobConcurrent.successful} ok; sipp (both ends) used ${sippCoresConcurrent.toFixed(2)} of the ${cpus().length} cores |`,
    '',
    `After the runs: ${left.calls} calls, ${left.rtpPorts} RTP ports left (transactions finishing their timers: ${left.transactions}).`,
    '<!-- switch:end -->',
  ].join('\n');
  console.log(section);
  if (alice.failed > 0 || alice2.failed > 0) console.log(alice.output, alice2.output);

  const readmePath = join(root, 'bench/README.md');
  const current = readFileSync(readmePath, 'utf8');
  const begin = current.indexOf('<!-- switch:begin -->');
  const end = current.indexOf('<!-- switch:end -->');
  const next =
    begin >= 0 && end > begin
      ? current.slice(0, begin) + section + current.slice(end + '<!-- switch:end -->'.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(readmePath, next);
}

await main();
