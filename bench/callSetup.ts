/**
 * Call set-up cost (issue 11, "Signalling fast enough"): the switch in its own process
 * (bench/switchProcess.ts: SQLite in a temp file, the call log written per call) started with
 * `node --cpu-prof`, sipp as Alice and as Bob's registered phone on loopback. Every call: INVITE,
 * 407, INVITE with digest, 100, 180, 200, ACK, BYE after `--hold` ms — digest authentication,
 * routing to a registered user and the call-log record, as bench/switchCalls.ts places them.
 *
 * Per run: `--warmup` calls first (JIT, caches), then `--calls` calls at `--rate` per second, a
 * moderate rate so that nothing queues and the figure is cost, not overload. It reports the
 * switch's CPU time (every thread, /proc/PID/stat) over the measured calls divided by the calls
 * completed — CPU ms per call — and the profile of the same window, summarised by
 * bench/cpuProfileSummary.ts (self time by function, file and package). The profiler's sampling
 * costs a little CPU of its own; `--no-profile` measures without it.
 *
 *   node_modules/.bin/tsx bench/callSetup.ts [--calls 2000] [--rate 50] [--hold 100] [--warmup 300] [--runs 2] [--top 25] [--no-profile] [--keep DIR]
 *
 * Each run starts a fresh switch process. Writes the last runs' figures into bench/README.md
 * between the callSetup markers; `--keep DIR` keeps the `.cpuprofile` files there.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { until } from '@vaxel/testing';
import { untilBound } from '../packages/switch/test/sipp.ts';
import { calleeArgs, callerArgs, machineDescription, registerArgs, writeReadmeSection } from './benchSwitch.ts';
import { selfTimeTable, summariseProfile, type CpuProfile, type ProfileSummary } from './cpuProfileSummary.ts';
import { between, moment, type Interval } from './machineStat.ts';
import { quantile, sipp } from './sippLoad.ts';
import { startSwitch, type SwitchChild } from './switchChild.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '50' },
    hold: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '300' },
    runs: { type: 'string', default: '2' },
    top: { type: 'string', default: '25' },
    'no-profile': { type: 'boolean', default: false },
    keep: { type: 'string' },
  },
});
const calls = Number(values.calls);
const rate = Number(values.rate);
const holdMs = Number(values.hold);
const warmup = Number(values.warmup);
const runs = Number(values.runs);
const top = Number(values.top);
const profiling = !values['no-profile'];

// Outside the ranges the tests hand out (peers 10000–19999, switch RTP 24000–26199), switchCalls' and the soak's.
let port = 43000;
const nextPort = () => (port = port >= 43990 ? 43002 : port + 2);

/** `count` calls from Alice to Bob at `rate`; resolves when sipp is done and the switch has ended them all. */
async function placeCalls(sw: SwitchChild, count: number) {
  const bobPort = nextPort();
  const registration = await sipp(registerArgs('bob', sw.password, bobPort, sw.target)).done;
  if (registration.successful !== 1) throw new Error(`registration of bob failed:\n${registration.output}`);
  const bob = sipp(calleeArgs(count, bobPort, nextPort()));
  await untilBound(bobPort);
  const alice = await sipp(
    callerArgs({
      calls: count,
      rate,
      limit: Math.max(10, Math.ceil(rate * (holdMs / 1000 + 1))),
      holdMs,
      password: sw.password,
      port: nextPort(),
      target: sw.target,
      timeoutSeconds: Math.ceil(count / rate + holdMs / 1000) + 30,
      rtpPort: nextPort(),
    }),
  ).done;
  const stop = setTimeout(() => bob.kill(), 5_000);
  await bob.done;
  clearTimeout(stop);
  await until(
    'the switch to end its calls',
    async () => (await sw.request<{ stats: { calls: number } }>('stats')).stats.calls === 0,
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  return alice;
}

interface RunResult {
  calls: number;
  successful: number;
  failed: number;
  pddP50: number;
  pddP99: number;
  interval: Interval;
  cpuMsPerCall: number;
  profile: ProfileSummary | null;
}

async function run(index: number): Promise<RunResult> {
  const profileDir = profiling ? mkdtempSync(join(tmpdir(), 'vaxel-call-setup-prof-')) : null;
  const sw = await startSwitch(nextPort(), { profileDir });
  try {
    if (warmup > 0) await placeCalls(sw, warmup);
    const from = await sw.request<{ atUs: number }>('mark');
    const before = moment(sw.pid);
    const alice = await placeCalls(sw, calls);
    const after = moment(sw.pid);
    const to = await sw.request<{ atUs: number }>('mark');
    await sw.stop();
    let profile: ProfileSummary | null = null;
    if (profileDir) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`the switch process wrote no CPU profile into ${profileDir}`);
      const parsed = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
      if (from.atUs < parsed.startTime || to.atUs > parsed.endTime)
        throw new Error("the marks are outside the profile's time: not the same clock");
      profile = summariseProfile(parsed, { top, fromUs: from.atUs, toUs: to.atUs });
      if (values.keep) {
        mkdirSync(values.keep, { recursive: true });
        copyFileSync(join(profileDir, file), join(values.keep, `callSetup-${index + 1}.cpuprofile`));
      }
      rmSync(profileDir, { recursive: true, force: true });
    }
    const interval = between(before, after);
    const pdd = [...alice.rtt].sort((a, b) => a - b);
    return {
      calls,
      successful: alice.successful,
      failed: alice.failed,
      pddP50: quantile(pdd, 0.5),
      pddP99: quantile(pdd, 0.99),
      interval,
      cpuMsPerCall: ((after.cpuSeconds - before.cpuSeconds) * 1000) / Math.max(1, alice.successful),
      profile,
    };
  } finally {
    if (sw.child.exitCode === null) sw.child.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await run(i);
    results.push(result);
    console.log(
      `run ${i + 1}: ${result.successful}/${result.calls} ok, ${result.cpuMsPerCall.toFixed(2)} CPU ms per call, ` +
        `switch ${result.interval.cores.toFixed(2)} cores, machine busy ${(result.interval.machine.busy * 100).toFixed(0)} %`,
    );
  }
  const profiles = results.flatMap((r, i) =>
    r.profile
      ? [
          `### Run ${i + 1}: ${r.profile.totalMs.toFixed(0)} ms sampled, ${(r.profile.totalMs - r.profile.idleMs).toFixed(0)} ms busy`,
          '',
          selfTimeTable('function', r.profile.byFunction),
          '',
          selfTimeTable('file', r.profile.byFile),
          '',
          selfTimeTable('package', r.profile.byPackage),
          '',
        ]
      : [],
  );
  const section = [
    '## Call set-up profile (last run)',
    '',
    `\`node_modules/.bin/tsx bench/callSetup.ts --calls ${calls} --rate ${rate} --hold ${holdMs} --warmup ${warmup} --runs ${runs}${profiling ? '' : ' --no-profile'}\``,
    `— ${machineDescription()}, measured ${new Date().toISOString().slice(0, 16)}Z, ${profiling ? 'switch under `--cpu-prof`' : 'no profiler'}.`,
    '',
    '| run | calls ok / placed | CPU ms per call | switch cores | post-dial delay p50 / p99 ms | machine busy / steal |',
    '|---|---:|---:|---:|---:|---:|',
    ...results.map(
      (r, i) =>
        `| ${i + 1} | ${r.successful} / ${r.calls} | ${r.cpuMsPerCall.toFixed(2)} | ${r.interval.cores.toFixed(2)} | ${r.pddP50.toFixed(0)} / ${r.pddP99.toFixed(0)} | ${(r.interval.machine.busy * 100).toFixed(0)} % / ${(r.interval.machine.steal * 100).toFixed(0)} % |`,
    ),
    '',
    ...profiles,
  ].join('\n');
  console.log(section);
  writeReadmeSection('callSetup', section.trimEnd());
}

await main();
