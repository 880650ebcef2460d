/**
 * Switch sweeps (issue 11, "Benchmarks"): the switch in its own process (bench/switchProcess.ts,
 * SQLite in a temp file, the call log written per call), sipp as Alice (digest-authenticated
 * INVITEs) and as Bob's registered phone, all on loopback. Every point runs twice; the switch
 * process's CPU (every thread, /proc/PID/stat) and the machine's busy and steal time (/proc/stat)
 * are recorded for each run.
 *   1. Call rate: calls of 1 s without media at a rate, `--seconds` long. A point passes when both
 *      runs have 0 failures and post-dial delay p99 < 20 ms (sipp's response time from the
 *      caller's first INVITE, before its 407, to the 200). The search doubles from `--from` until a point fails, then
 *      bisects until the gap is under `--precision` of the rate: the capacity.
 *   2. Goodput at 2× and 5× the capacity: calls completed per second at that offered rate, as a
 *      share of the capacity (the switch runs with whatever overload control it has; pass its
 *      settings with SWITCH_OPTIONS='{"overload":…}', media workers with VAXEL_MEDIA_WORKERS).
 *   3. With `--concurrent N`: N calls at once, `--hold` s each, RTP both ways through sipp (Alice
 *      plays 20 ms PCMU, Bob echoes): failures and the switch's CPU per call.
 *
 *   node_modules/.bin/tsx bench/switchCalls.ts [--from 50] [--max 4000] [--precision 0.1] [--seconds 10] [--concurrent 0] [--hold 10]
 *                                            [--capacity N]   (skip the search: goodput against a capacity measured before)
 *                                            [--section NAME] (the README section written, default "switch")
 *                                            [--factors 2,5] (the multiples of the capacity whose goodput is measured)
 *
 * A full sweep takes about (points × 2 × (seconds + 5)) s: from 50 calls/s to a capacity near
 * 400 that is 4 doublings and 3 bisections, 14 runs of 15 s, plus 4 goodput runs: about 5 minutes.
 * Writes the figures into bench/README.md between the switch markers (other sections untouched).
 */
import { parseArgs } from 'node:util';
import { rtpPcap } from '../packages/switch/test/rtpPcap.ts';
import { untilBound } from '../packages/switch/test/sipp.ts';
import { until } from '@vaxel/testing';
import { calleeArgs, callerArgs, machineDescription, registerArgs, writeReadmeSection } from './benchSwitch.ts';
import { between, moment, processThreads, udpReceiveBufferErrors, type Interval } from './machineStat.ts';
import { quantile, sipp } from './sippLoad.ts';
import { startSwitch, type SwitchChild } from './switchChild.ts';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '50' },
    max: { type: 'string', default: '4000' },
    precision: { type: 'string', default: '0.1' },
    seconds: { type: 'string', default: '10' },
    concurrent: { type: 'string', default: '0' },
    hold: { type: 'string', default: '10' },
    capacity: { type: 'string' },
    section: { type: 'string', default: 'switch' },
    factors: { type: 'string', default: '2,5' },
  },
});
const from = Number(values.from);
const max = Number(values.max);
const precision = Number(values.precision);
const seconds = Number(values.seconds);
const concurrent = Number(values.concurrent);
const hold = Number(values.hold);
/** The multiples of the capacity whose goodput is measured. */
const factors = values.factors.split(',').map(Number);
/** A capacity measured before: skips the search and runs the goodput points against it. */
const knownCapacity = values.capacity === undefined ? undefined : Number(values.capacity);
/** The post-dial delay bound of a passing call-rate point (issue 11). */
const PDD_P99_BOUND_MS = 20;

// Outside the ranges the tests hand out (peers 10000–19999, switch RTP 24000–26199) and the soak's.
let port = 41000;
const nextPort = () => (port = port >= 41990 ? 41002 : port + 2);

interface Run {
  rate: number;
  calls: number;
  successful: number;
  failed: number;
  pddP50: number;
  pddP99: number;
  interval: Interval;
  /** The cores both sipps (caller and callee) used over the run: the load generator's own share of the machine. */
  sippCores: number;
  /** Datagrams the kernel dropped for full socket buffers over the run, machine-wide (/proc/net/snmp). */
  udpDrops: number;
}

const passes = (r: Run) => r.failed === 0 && r.successful === r.calls && r.pddP99 < PDD_P99_BOUND_MS;

/** One run: `rate` calls/s of 1 s for `seconds`, or `calls` calls of `holdMs` at once with RTP. */
async function callRun(sw: SwitchChild, rate: number, calls: number, holdMs: number, media = false): Promise<Run> {
  const bobPort = nextPort();
  const registration = await sipp(registerArgs('bob', sw.password, bobPort, sw.target)).done;
  if (registration.successful !== 1) throw new Error(`registration of bob failed:\n${registration.output}`);
  const bobRtp = nextPort();
  // sipp binds its media port and the one two above it (video): neither may be handed out again.
  nextPort();
  const bob = sipp(calleeArgs(calls, bobPort, bobRtp, media));
  await untilBound(bobPort);
  const before = moment(sw.pid);
  const alicePort = nextPort();
  const aliceMedia = nextPort();
  nextPort(); // Alice's sipp's video port, two above its media port
  const udpDropsBefore = udpReceiveBufferErrors();
  const aliceSipp = sipp(
    callerArgs({
      calls,
      rate,
      limit: Math.max(calls, 10),
      holdMs,
      password: sw.password,
      port: alicePort,
      target: sw.target,
      timeoutSeconds: Math.ceil(calls / rate + holdMs / 1000) + 30,
      ...(media ? { mediaPort: aliceMedia } : { rtpPort: aliceMedia }),
    }),
    media ? { 'audio.pcap': rtpPcap((holdMs / 1000) * 50) } : {},
  );
  const alice = await aliceSipp.done;
  const interval = between(before, moment(sw.pid));
  const udpDrops = udpReceiveBufferErrors() - udpDropsBefore;
  const sippCpu = aliceSipp.cpuSeconds() + bob.cpuSeconds();
  // Bob waits for as many calls as were placed; those that failed never reach him.
  const stop = setTimeout(() => bob.kill(), 5_000);
  await bob.done;
  clearTimeout(stop);
  // The next run starts on an empty switch: calls ended and their transactions' timers run out (a
  // BYE's server transaction lingers 32 s, Timer J, and counts towards the source's bound), or
  // whatever is left after two minutes (calls sipp gave up on end at the RTP timeout).
  await until(
    'the switch to end its calls and transactions',
    async () => {
      const stats = await sw.stats();
      return stats.calls === 0 && stats.transactions === 0;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  ).catch(() => undefined);
  const pdd = [...alice.rtt].sort((a, b) => a - b);
  return {
    rate,
    calls,
    successful: alice.successful,
    failed: alice.failed,
    pddP50: quantile(pdd, 0.5),
    pddP99: quantile(pdd, 0.99),
    interval,
    sippCores: sippCpu / Math.max(0.001, interval.seconds),
    udpDrops,
  };
}

const ratePoint = async (sw: SwitchChild, rate: number) => {
  const runs: Run[] = [];
  for (let i = 0; i < 2; i++) runs.push(await callRun(sw, rate, Math.round(rate * seconds), 1000));
  console.log(`rate ${rate}/s: ${runs.map((r) => `${r.successful}/${r.calls} ok, p99 ${r.pddP99} ms`).join('; ')}`);
  return runs;
};

const pct = (share: number) => `${(share * 100).toFixed(0)} %`;
const machineCell = (r: Run) => `${pct(r.interval.machine.busy)} / ${pct(r.interval.machine.steal)}`;

async function main(): Promise<void> {
  const sw = await startSwitch(nextPort());
  const threads = processThreads(sw.pid);
  const all: Array<{ kind: string; run: Run }> = [];
  const measured = new Map<number, Run[]>();
  const point = async (rate: number) => {
    const runs = await ratePoint(sw, rate);
    measured.set(rate, runs);
    for (const run of runs) all.push({ kind: 'call rate', run });
    return runs.every(passes);
  };

  // 1. Call rate: double until a point fails, then bisect.
  let good = 0;
  let bad = Infinity;
  if (knownCapacity !== undefined) good = knownCapacity;
  else
    for (let rate = from; rate <= max; rate *= 2) {
      if (await point(rate)) good = rate;
      else {
        bad = rate;
        break;
      }
    }
  while (
    knownCapacity === undefined &&
    Number.isFinite(bad) &&
    bad - good > Math.max(1, precision * Math.max(good, 1))
  ) {
    const mid = Math.round((good + bad) / 2);
    if (mid === good || mid === bad) break;
    if (await point(mid)) good = mid;
    else bad = mid;
  }
  const capacity = good;
  const capacityRuns = measured.get(capacity) ?? [];
  const capacityCores = capacityRuns.reduce((s, r) => s + r.interval.cores, 0) / Math.max(1, capacityRuns.length);

  // 2. Goodput at 2× and 5× the capacity.
  const goodput: Array<{ factor: number; run: Run }> = [];
  if (capacity > 0)
    for (const factor of factors)
      for (let i = 0; i < 2; i++) {
        const run = await callRun(sw, capacity * factor, Math.round(capacity * factor * seconds), 1000);
        goodput.push({ factor, run });
        all.push({ kind: `goodput ${factor}×`, run });
        console.log(`goodput at ${factor}×: ${run.successful} of ${run.calls}`);
      }

  // 3. Concurrency with RTP through sipp.
  const media: Run[] = [];
  if (concurrent > 0)
    for (let i = 0; i < 2; i++) {
      const run = await callRun(sw, concurrent, concurrent, hold * 1000, true);
      media.push(run);
      all.push({ kind: `${concurrent} at once, RTP`, run });
    }
  const left = await sw.stats();
  await sw.stop();

  const rows = all.map(
    ({ kind, run }) =>
      `| ${kind} | ${run.rate} | ${run.calls} | ${run.successful} | ${run.failed} | ${run.pddP50.toFixed(0)} / ${run.pddP99.toFixed(0)} | ${run.interval.cores.toFixed(2)} | ${run.sippCores.toFixed(2)} | ${run.udpDrops} | ${machineCell(run)} | ${kind === 'call rate' ? (passes(run) ? 'pass' : 'fail') : ''} |`,
  );
  const goodputLines = factors.map((factor) => {
    const runs = goodput.filter((g) => g.factor === factor).map((g) => g.run);
    const shares = runs.map((r) => r.successful / seconds / capacity);
    return runs.length === 0
      ? `- ${factor}× capacity: not run (no capacity found).`
      : `- ${factor}× capacity (${capacity * factor} calls/s offered): goodput ${runs.map((r) => (r.successful / seconds).toFixed(0)).join(' and ')} calls/s, ${shares.map(pct).join(' and ')} of capacity.`;
  });
  const section = [
    values.section === 'switch' ? '## Switch' : `## Switch (${values.section})`,
    '',
    `\`node_modules/.bin/tsx bench/switchCalls.ts --from ${from} --max ${max} --precision ${precision} --seconds ${seconds} --concurrent ${concurrent} --hold ${hold}${knownCapacity === undefined ? '' : ` --capacity ${knownCapacity}`}${values.section === 'switch' ? '' : ` --section ${values.section}`}\``,
    `— the switch in its own process (bench/switchProcess.ts; SQLite in a temp file, call log written per call; ${threads} threads at start;`,
    `VAXEL_MEDIA_WORKERS=${process.env.VAXEL_MEDIA_WORKERS ?? 'unset'}, SWITCH_OPTIONS=${process.env.SWITCH_OPTIONS ?? 'unset'}), sipp 3.6 as caller and callee on loopback,`,
    `${machineDescription()}. Measured ${new Date().toISOString().slice(0, 16)}Z. Every call: INVITE, 407, INVITE with digest, 100, 180, 200, ACK, BYE (1 s),`,
    `${seconds} s of calls per run, each point twice. Switch cores: the switch process's CPU (all threads) over the run; machine: busy / steal share of all cores (/proc/stat).`,
    '',
    `**Call-rate capacity: ${capacity} calls/s**${knownCapacity === undefined ? '' : ' (given with --capacity, not searched in this run)'} (0 failures, post-dial delay p99 < ${PDD_P99_BOUND_MS} ms in both runs), the switch using ${capacityCores.toFixed(2)} cores:`,
    `**${capacityCores > 0 ? (capacity / capacityCores).toFixed(0) : 'n/a'} call set-ups per second per core**.`,
    ...goodputLines,
    ...(media.length > 0
      ? [
          `- ${concurrent} calls at once with RTP (sipp): ${media.map((r) => `${r.successful}/${r.calls} ok, ${r.interval.cores.toFixed(2)} cores`).join('; ')}; ${media.map((r) => (r.interval.cores > 0 ? (concurrent / r.interval.cores).toFixed(0) : 'n/a')).join(' and ')} calls per core.`,
        ]
      : []),
    '',
    '| run | rate /s | calls | succeeded | failed | post-dial delay p50 / p99 ms | switch cores | sipp cores | UDP drops | machine busy / steal | point |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    `After the runs: ${left.calls} calls, ${left.rtpPorts} RTP ports left (transactions finishing their timers: ${left.transactions}).`,
  ].join('\n');
  console.log(section);
  writeReadmeSection(values.section, section);
}

await main();
