/**
 * Concurrent relayed calls (issue 11, "Benchmarks"): N calls up at once through the switch, G.711
 * both ways at 50 packets/s per direction, and the relay round trip of every packet; then the
 * same load through a bare Node UDP relay (bench/bareRelay.ts, the ceiling of any Node relay
 * here), side by side in the same run. Each point twice.
 *
 * Växel: the switch in its own process (bench/switchChild.ts); sipp as Bob's registered phone
 * answers with its SDP pointing at the load peer's callee socket; sipp as Alice places the N calls
 * (digest-authenticated, `--setup-rate` per second) with its SDP pointing at the load peer's
 * caller socket, and logs each call's switch-side media port (uac-call-media-port.xml). Once all N
 * are up, bench/rtpLoadPeer.ts sends each call's audio to its port for `--seconds`, the callee
 * side echoes it, and each packet's round trip (caller → switch → callee → switch → caller: two
 * relay passes) is timed. A point passes when both runs lose no packet and the round trip p99 is
 * under 5 ms (the issue's relay-delay bound, applied to the round trip: stricter than one pass).
 *
 * Where installed, Debian's rtpengine (`rtpengine-daemon`, userspace mode, one thread; the bench
 * installs nothing: `apt-get install rtpengine-daemon`) relays the same load too, its pairs opened
 * over its ng control protocol (bench/rtpengine.ts).
 *
 *   node_modules/.bin/tsx bench/relayCalls.ts [--calls 250,500,1000] [--seconds 10] [--setup-rate 50]
 *
 * The load peer shares the machine's two cores with the relay under test (and sipp), so at high
 * counts it measures its own lateness too: its sending lateness p99 is in the table.
 * Writes its figures into bench/README.md between the relay markers (other sections untouched).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { requireTool, until } from '@vaxel/testing';
import { untilBound } from '../packages/switch/test/sipp.ts';
import { calleeArgs, machineDescription, registerArgs, scenarios, writeReadmeSection } from './benchSwitch.ts';
import { between, moment, type Interval } from './machineStat.ts';
import { Rtpengine, rtpengineInstalled } from './rtpengine.ts';
import type { RelayReport } from './rtpLoadPeer.ts';
import { sipp } from './sippLoad.ts';
import { startSwitch, type SwitchChild } from './switchChild.ts';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '250,500,1000' },
    seconds: { type: 'string', default: '10' },
    'setup-rate': { type: 'string', default: '50' },
  },
});
const counts = values.calls.split(',').map(Number);
const seconds = Number(values.seconds);
const setupRate = Number(values['setup-rate']);
const RTT_P99_BOUND_MS = 5;

let port = 42000;
const nextPort = () => (port = port >= 42990 ? 42002 : port + 2);

type Relay = 'växel' | 'bare Node relay' | 'rtpengine';

interface Point {
  relay: Relay;
  /** Calls asked for (the report's `calls` is how many were up and carried audio). */
  asked: number;
  report: RelayReport;
  interval: Interval;
}

const passes = (p: Point) =>
  p.report.calls === p.asked && p.report.received === p.report.sent && p.report.rttP99Ms < RTT_P99_BOUND_MS;

function forked(file: string): Promise<{ child: ChildProcess; ready: Record<string, number> }> {
  const child = fork(new URL(file, import.meta.url), { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Record<string, number> }));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) before it was ready`)));
  });
}

function ask<T>(child: ChildProcess, message: object, answer: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (reply: { type: string } & Record<string, unknown>) => {
      if (reply.type !== answer) return;
      child.off('message', listener);
      resolve(reply as T);
    };
    child.on('message', listener);
    child.send(message);
  });
}

/** N calls through the switch, held while the load peer runs its audio. */
async function viaSwitch(
  sw: SwitchChild,
  peer: ChildProcess,
  ends: Record<string, number>,
  calls: number,
): Promise<Point> {
  const bobPort = nextPort();
  const registration = await sipp(registerArgs('bob', sw.password, bobPort, sw.target)).done;
  if (registration.successful !== 1) throw new Error(`registration of bob failed:\n${registration.output}`);
  const bob = sipp(calleeArgs(calls, bobPort, ends.calleePort!));
  await untilBound(bobPort);
  const setupSeconds = calls / setupRate;
  const holdMs = Math.round((setupSeconds + seconds + 10) * 1000);
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const alice = spawn(
    requireTool('sipp'),
    [
      '-sf',
      join(scenarios, 'uac-call-media-port.xml'),
      '-m',
      String(calls),
      '-r',
      String(setupRate),
      '-l',
      String(calls),
      '-d',
      String(holdMs),
      '-key',
      'rtpport',
      String(ends.callerPort),
      '-key',
      'caller',
      'alice',
      '-s',
      '1002',
      '-au',
      'alice',
      '-ap',
      sw.password,
      '-p',
      String(nextPort()),
      '-trace_logs',
      '-trace_err',
      '-nostdin',
      '-timeout',
      `${Math.ceil(holdMs / 1000) + 60}s`,
      sw.target,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  const aliceDone = new Promise<void>((resolve) => alice.on('close', () => resolve()));
  const mediaPorts = () => {
    const file = readdirSync(dir).find((f) => f.endsWith('_logs.log'));
    if (!file || !existsSync(join(dir, file))) return [];
    return [...readFileSync(join(dir, file), 'utf8').matchAll(/^media (\d+) (\d+) /gm)].map((m) => Number(m[2]));
  };
  try {
    // Up: all N, or as many as came up once the count has stood still for 3 s after the set-up time
    // (a call refused or failed never logs its port; the table says how many were up).
    const setupDeadline = performance.now() + setupSeconds * 1000;
    let last = { count: -1, at: performance.now() };
    await until(
      `${calls} calls to be up`,
      () => {
        const count = mediaPorts().length;
        if (count !== last.count) last = { count, at: performance.now() };
        return count >= calls || (performance.now() > setupDeadline && performance.now() - last.at > 3000);
      },
      { timeoutMs: (setupSeconds + 60) * 1000, intervalMs: 250 },
    );
    const failures = readdirSync(dir).find((f) => f.endsWith('_errors.log'));
    if (mediaPorts().length < calls && failures)
      console.log(
        `${calls - mediaPorts().length} calls not up; sipp's errors:\n${readFileSync(join(dir, failures), 'utf8').slice(-1500)}`,
      );
    const before = moment(sw.pid);
    const { report } = await ask<{ report: RelayReport }>(
      peer,
      { type: 'run', targets: mediaPorts(), seconds },
      'report',
    );
    return { relay: 'växel', asked: calls, report, interval: between(before, moment(sw.pid)) };
  } finally {
    // Alice hangs her calls up when their hold ends (set-up time + the run + 10 s); then Bob is done.
    const stop = setTimeout(() => alice.kill('SIGKILL'), holdMs + 30_000);
    await aliceDone;
    clearTimeout(stop);
    const stopBob = setTimeout(() => bob.kill(), 5000);
    await bob.done;
    clearTimeout(stopBob);
    rmSync(dir, { recursive: true, force: true });
    // The next run starts on an empty switch: the calls sipp did not end are ended by it or by their RTP timeout.
    await until('the switch to end its calls', async () => (await sw.stats()).calls === 0, {
      timeoutMs: 120_000,
      intervalMs: 500,
    }).catch(() => console.log('the switch still had calls after 2 minutes'));
  }
}

async function viaBareRelay(peer: ChildProcess, ends: Record<string, number>, calls: number): Promise<Point> {
  const { child } = await forked('./bareRelay.ts');
  try {
    const { ports } = await ask<{ ports: number[] }>(
      child,
      { type: 'open', pairs: calls, callee: ends.calleePort },
      'opened',
    );
    const before = moment(child.pid!);
    const { report } = await ask<{ report: RelayReport }>(peer, { type: 'run', targets: ports, seconds }, 'report');
    return { relay: 'bare Node relay', asked: calls, report, interval: between(before, moment(child.pid!)) };
  } finally {
    child.kill();
  }
}

async function viaRtpengine(
  engine: Rtpengine,
  peer: ChildProcess,
  ends: Record<string, number>,
  calls: number,
): Promise<Point> {
  try {
    const ports = await engine.open(calls, ends.callerPort!, ends.calleePort!);
    const before = moment(engine.pid);
    const { report } = await ask<{ report: RelayReport }>(peer, { type: 'run', targets: ports, seconds }, 'report');
    return { relay: 'rtpengine', asked: calls, report, interval: between(before, moment(engine.pid)) };
  } finally {
    await engine.closeCalls();
  }
}

const pct = (share: number) => `${(share * 100).toFixed(0)} %`;

async function main(): Promise<void> {
  const sw = await startSwitch(nextPort());
  const { child: peer, ready: ends } = await forked('./rtpLoadPeer.ts');
  const engine = rtpengineInstalled() ? await Rtpengine.start(nextPort(), { min: 44000, max: 51999 }) : null;
  const points: Point[] = [];
  try {
    for (const calls of counts)
      for (let i = 0; i < 2; i++) {
        const runs = [await viaSwitch(sw, peer, ends, calls), await viaBareRelay(peer, ends, calls)];
        if (engine) runs.push(await viaRtpengine(engine, peer, ends, calls));
        for (const point of runs) {
          points.push(point);
          const r = point.report;
          console.log(
            `${point.relay} ${calls} calls: ${r.received}/${r.sent} back, rtt p99 ${r.rttP99Ms.toFixed(2)} ms, ${point.interval.cores.toFixed(2)} cores`,
          );
        }
      }
  } finally {
    peer.kill();
    await engine?.stop();
    await sw.stop();
  }

  const best = (relay: Relay) =>
    Math.max(
      0,
      ...counts.filter((n) => {
        const runs = points.filter((p) => p.relay === relay && p.asked === n);
        return runs.length > 0 && runs.every(passes);
      }),
    );
  const coresAt = (relay: Relay, n: number) => {
    const runs = points.filter((p) => p.relay === relay && p.asked === n);
    return runs.reduce((s, p) => s + p.interval.cores, 0) / Math.max(1, runs.length);
  };
  const vaxel = best('växel');
  const bare = best('bare Node relay');
  const anchor = best('rtpengine');
  const ratio = (relay: Relay) =>
    coresAt(relay, largest) > 0 ? (coresAt('växel', largest) / coresAt(relay, largest)).toFixed(1) : 'n/a';
  const perCore = (relay: Relay, n: number) => (n > 0 && coresAt(relay, n) > 0 ? n / coresAt(relay, n) : 0);
  const largest = Math.max(...counts);
  const rows = points.map((point) => {
    const { relay, report: r, interval } = point;
    const lost = r.sent - r.received;
    return `| ${relay} | ${point.asked} | ${r.calls} | ${r.sent} | ${lost} | ${r.callsWithLoss} | ${r.rttP50Ms.toFixed(2)} / ${r.rttP99Ms.toFixed(2)} / ${r.rttMaxMs.toFixed(1)} | ${interval.cores.toFixed(2)} | ${pct(interval.machine.busy)} / ${pct(interval.machine.steal)} | ${r.senderLateP99Ms.toFixed(1)} | ${passes(point) ? 'pass' : 'fail'} |`;
  });
  const section = [
    '## Relayed calls',
    '',
    `\`node_modules/.bin/tsx bench/relayCalls.ts --calls ${counts.join(',')} --seconds ${seconds} --setup-rate ${setupRate}\``,
    `— the switch in its own process (VAXEL_MEDIA_WORKERS=${process.env.VAXEL_MEDIA_WORKERS ?? 'unset'}, SWITCH_OPTIONS=${process.env.SWITCH_OPTIONS ?? 'unset'}),`,
    `calls set up by sipp 3.6, audio by bench/rtpLoadPeer.ts (G.711, 20 ms, 50 packets/s per direction, ${seconds} s per run), ${machineDescription()}.`,
    `Measured ${new Date().toISOString().slice(0, 16)}Z. Round trip = caller → relay → callee (echo) → relay → caller; a point passes with 0 lost and p99 < ${RTT_P99_BOUND_MS} ms in both runs.`,
    `Relay cores: the relay process's CPU (all threads) over the audio; machine: busy / steal of all cores; sender late: the load peer's own p99 lateness.`,
    '',
    `**Växel: ${vaxel} concurrent relayed calls within the bound** (of ${counts.join(', ')} tried)${vaxel > 0 ? `, ${perCore('växel', vaxel).toFixed(0)} calls per core of the switch process` : ''}; `,
    `the bare Node relay: ${bare}${bare > 0 ? ` (${perCore('bare Node relay', bare).toFixed(0)} per core)` : ''}. `,
    `At ${largest} calls the switch used ${coresAt('växel', largest).toFixed(2)} cores and the bare relay ${coresAt('bare Node relay', largest).toFixed(2)}: `,
    `Växel's CPU per relayed call is ${ratio('bare Node relay')}× the bare relay's.`,
    engine
      ? `rtpengine 10.5 (userspace, one thread): ${anchor} within the bound${anchor > 0 ? ` (${perCore('rtpengine', anchor).toFixed(0)} per core)` : ''}; at ${largest} calls ${coresAt('rtpengine', largest).toFixed(2)} cores, so Växel's CPU per relayed call is ${ratio('rtpengine')}× rtpengine's.`
      : 'rtpengine: not installed on this machine, not run (`apt-get install rtpengine-daemon`).',
    '',
    '| relay | calls asked | up | packets sent | lost | calls with loss | round trip p50 / p99 / max ms | relay cores | machine busy / steal | sender late p99 ms | point |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
  ].join('\n');
  console.log(section);
  writeReadmeSection('relay', section);
}

await main();
