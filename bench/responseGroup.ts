/**
 * Response-group benchmark (issue 9, "Benchmarks"): a busy group. `--callers` callers from the
 * trunk queue in one group at `--rate` per second and wait with music on hold (the built-in
 * default) and announcements of position and expected wait; `--agents` agents, each a user of
 * its own registered at one sipp (tests/sipp/uas-agent-timed.xml: answers at once, talks
 * `--talk` ms, hangs up), take the calls as the group's strategy (`--strategy`) hands them out,
 * with no wrap-up. The Switch runs in this process (SQLite in memory, the real espeak-ng for the
 * announcements); the callers' audio goes to sockets in a separate receiver process
 * (bench/ivrRtpReceiver.ts) that timestamps every packet. Figures:
 *   - calls distributed per second: calls offered to agents over the time from the first offer
 *     to the last;
 *   - CPU of the switch's process (share of one core) and its memory at the peak of calls;
 *   - audio pacing jitter of what each caller received while waiting (music and announcements, up
 *     to the bridge): |Δarrival − Δtimestamp| between consecutive packets, and packets more than
 *     20 ms behind their slot;
 *   - the time from an agent hanging up (becoming free) to the next call ringing their phone, as the
 *     agent's sipp sees it (its own millisecond clock at both ends), p50 and p99.
 *
 *   node_modules/.bin/tsx bench/responseGroup.ts [--callers 200] [--agents 20] [--rate 100] [--talk 2000] [--strategy longestIdle]
 *
 * Writes the figures into bench/README.md between the responseGroup markers (other sections untouched).
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DistributionStrategy, factoryResponseGroupSettings, type PromptAudio } from '../packages/domain/src/index.ts';
import { CachedTextToSpeech, EspeakTextToSpeech, FfmpegAudioConverter } from '../packages/media/src/index.ts';
import { createDiskFileStore } from '../packages/store/src/index.ts';
import { computeHa1 } from '../packages/sip/src/index.ts';
import { LibraryPromptAudio, SIP_REALM, Switch } from '../packages/switch/src/index.ts';
import { PASSWORD, seed } from '../packages/switch/test/fixtures.ts';
import type { PortReport } from './ivrRtpReceiver.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const scenarios = join(root, 'test/sipp');
const { values } = parseArgs({
  options: {
    callers: { type: 'string', default: '200' },
    agents: { type: 'string', default: '20' },
    rate: { type: 'string', default: '100' },
    talk: { type: 'string', default: '2000' },
    strategy: { type: 'string', default: 'longestIdle' },
    announcements: { type: 'string', default: 'on' },
  },
});
const callers = Number(values.callers);
const agentCount = Number(values.agents);
const rate = Number(values.rate);
const talkMs = Number(values.talk);
const strategy = DistributionStrategy.parse(values.strategy);
const announcements = values.announcements !== 'off';

const GROUP_NUMBER = '+46812300050';
const RECEIVER_ADDRESS = '127.0.0.2';
const FIRST_RECEIVER_PORT = 30000;
const SWITCH_PORT = 43002;
const AGENT_PORT = 43010;
const CALLER_PORT = 43020;

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

interface SippResult {
  code: number | null;
  successful: number;
  failed: number;
  /** Lines the scenario wrote with <log> (-trace_logs). */
  logs: string;
  output: string;
}

function sipp(args: string[], files: Record<string, string> = {}): { done: Promise<SippResult>; kill(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'group-bench-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const child = spawn('sipp', [...args, '-nostdin', '-trace_stat', '-fd', '1', '-trace_err', '-trace_logs'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<SippResult>((resolve) => {
    child.on('close', (code) => {
      const file = readdirSync(dir).find((f) => f.endsWith('_.csv'));
      const rows = file
        ? readFileSync(join(dir, file), 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
        : [];
      const header = rows[0]?.split(';') ?? [];
      const last = rows.at(-1)?.split(';') ?? [];
      const statistics = Object.fromEntries(header.map((name, i) => [name, last[i] ?? '']));
      const logs = readdirSync(dir)
        .filter((f) => f.endsWith('_logs.log'))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('');
      rmSync(dir, { recursive: true, force: true });
      resolve({
        code,
        successful: Number(statistics['SuccessfulCall(C)'] ?? 0),
        failed: Number(statistics['FailedCall(C)'] ?? 0),
        logs,
        output: output.slice(-3000),
      });
    });
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

type ReceiverMessage = { type: 'ready' } | { type: 'reset' } | { type: 'report'; ports: PortReport[] };

function startReceiver(count: number) {
  const child = fork(
    join(root, 'bench/ivrRtpReceiver.ts'),
    [RECEIVER_ADDRESS, String(FIRST_RECEIVER_PORT), String(count), 'all'],
    { execArgv: ['--import', 'tsx'] },
  );
  const next = (type: ReceiverMessage['type']) =>
    new Promise<ReceiverMessage>((resolve) => {
      const listener = (message: ReceiverMessage) => {
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message);
      };
      child.on('message', listener);
    });
  return {
    ready: next('ready'),
    async report(): Promise<PortReport[]> {
      const done = next('report');
      child.send({ type: 'report' });
      return ((await done) as { ports: PortReport[] }).ports;
    },
    close: () => child.send({ type: 'close' }),
  };
}

/** Agent events from the agents' sipp log: `offered <ms> <user>` and `free <ms> <user>`. */
function agentEvents(logs: string): Array<{ kind: 'offered' | 'free'; at: number; user: string }> {
  return logs
    .split('\n')
    .map((line) => /^(offered|free) (\d+) (\S+)/.exec(line.trim()))
    .filter((m) => m !== null)
    .map((m) => ({ kind: m[1] as 'offered' | 'free', at: Number(m[2]), user: m[3]! }));
}

/** For each agent, from each hang-up to their next offer (only while callers still waited: the hang-ups before a next offer). */
function freeToRinging(events: ReturnType<typeof agentEvents>): number[] {
  const byUser = new Map<string, typeof events>();
  for (const event of events) byUser.set(event.user, [...(byUser.get(event.user) ?? []), event]);
  const gaps: number[] = [];
  for (const list of byUser.values()) {
    list.sort((a, b) => a.at - b.at);
    list.forEach((event, i) => {
      const next = list[i + 1];
      if (event.kind === 'free' && next?.kind === 'offered') gaps.push(next.at - event.at);
    });
  }
  return gaps.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const world = await seed({ trunkPort: 43000, inboundAddress: RECEIVER_ADDRESS });
  const { store, organisationId } = world;
  const agents: Array<{ id: string; username: string }> = [];
  for (let i = 1; i <= agentCount; i++) {
    const username = `agent${String(i).padStart(2, '0')}`;
    const account = await store.accounts.create({
      email: `${username}@acme.test`,
      name: `Agent ${i}`,
      passwordHash: null,
    });
    const user = await store.users.create(
      organisationId,
      {
        accountId: account.id,
        organisationId,
        name: `Agent ${i}`,
        email: `${username}@acme.test`,
        licence: 'basic',
        permissions: [],
        extension: String(2000 + i),
        mobileNumber: null,
        landlineNumber: null,
        sipUsername: username,
        sipHa1Md5: computeHa1('MD5', username, SIP_REALM, PASSWORD),
        sipHa1Sha256: computeHa1('SHA-256', username, SIP_REALM, PASSWORD),
      },
      [],
    );
    agents.push({ id: user.id, username });
  }
  await store.numbers.allocate(organisationId, [{ number: GROUP_NUMBER, type: 'landline' }]);
  const factory = factoryResponseGroupSettings();
  await store.responseGroups.create(organisationId, {
    name: 'Support',
    number: GROUP_NUMBER,
    billingNumber: GROUP_NUMBER,
    numericId: '50',
    agents: agents.map((a) => ({ userId: a.id, loggedIn: true, reachOn: 'phone' as const })),
    supervisorIds: [],
    settings: {
      ...factory,
      queue: {
        ...factory.queue,
        maxWaitSeconds: 600,
        maxQueueLength: Math.max(callers + 10, 1),
        announcePosition: announcements,
        announceExpectedWait: announcements,
        announcementIntervalSeconds: 15,
        musicOnHoldAudioFileId: null,
        whenNoAgents: 'wait',
      },
      distribution: { ...factory.distribution, strategy, ringSecondsPerAgent: 20, wrapUpSeconds: 0 },
    },
  });

  const filesDir = mkdtempSync(join(tmpdir(), 'group-bench-files-'));
  const tts = new CachedTextToSpeech({
    engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }),
    folder: join(filesDir, 'tts'),
  });
  const prompts: PromptAudio = new LibraryPromptAudio({
    audioFiles: store.audioFiles,
    files: createDiskFileStore(filesDir),
    tts,
  });
  const sw = new Switch({
    store,
    prompts,
    sipPort: SWITCH_PORT,
    bindAddress: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    rtpPortRange: { min: 50000, max: 56000 },
    digestAlgorithms: ['MD5', 'SHA-256'],
    authGuard: { exempt: ['127.0.0.1', RECEIVER_ADDRESS] },
    flood: { exempt: ['127.0.0.1', RECEIVER_ADDRESS] },
    rtpTimeoutSeconds: 0,
  });
  await sw.start();
  const say = (text: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
  say(`switch started; registering ${agentCount} agents`);

  // Every agent registers at the one sipp that will answer for them all (its Contact names the user).
  for (const agent of agents) {
    const run = await sipp([
      '-sf',
      join(scenarios, 'register.xml'),
      '-m',
      '1',
      '-i',
      '127.0.0.1',
      '-p',
      String(AGENT_PORT),
      '-s',
      agent.username,
      '-au',
      agent.username,
      '-ap',
      PASSWORD,
      '-key',
      'expires',
      '3600',
      `127.0.0.1:${SWITCH_PORT}`,
    ]).done;
    if (run.code !== 0) throw new Error(`${agent.username} could not register: ${run.output}`);
  }
  say("agents registered; starting the agents' phone and the callers");
  const agentPhones = sipp([
    '-sf',
    join(scenarios, 'uas-agent-timed.xml'),
    '-m',
    String(callers),
    '-l',
    String(callers * 2),
    '-d',
    String(talkMs),
    '-i',
    '127.0.0.1',
    '-p',
    String(AGENT_PORT),
    '-mp',
    String(AGENT_PORT + 2),
    '-key',
    'rtpport',
    String(AGENT_PORT + 4),
    '-timeout',
    '600s',
  ]);
  let agentsExited: SippResult | null = null;
  void agentPhones.done.then((run) => (agentsExited = run));
  await new Promise((r) => setTimeout(r, 500)); // let sipp bind its socket
  if (agentsExited) throw new Error(`the agents' sipp exited at once: ${(agentsExited as SippResult).output}`);

  const receiver = startReceiver(callers);
  await receiver.ready;
  const caller = readFileSync(join(scenarios, 'trunk-ivr-caller-silent.xml'), 'utf8').replaceAll(
    '[rtpport]',
    '[field0]',
  );
  const csv =
    ['SEQUENTIAL', ...Array.from({ length: callers }, (_, i) => `${FIRST_RECEIVER_PORT + i * 2};`)].join('\n') + '\n';

  // Twice the time the agents need for every call, plus a minute: a caller still waiting then is left
  // to sipp's timeout (counted failed) so the run ends and reports it.
  const callerTimeoutSeconds = Math.ceil(callers / rate + (2 * callers * (talkMs + 500)) / agentCount / 1000 + 60);
  const loadBefore = loadavg()[0]!;
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
  }, 100);
  const progress = process.env.BENCH_DEBUG
    ? setInterval(() => say(`calls in the switch: ${sw.stats().calls}`), 5000)
    : undefined;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = performance.now();
  const callerRun = await sipp(
    [
      '-sf',
      'caller.xml',
      '-inf',
      'calls.csv',
      '-m',
      String(callers),
      '-l',
      String(callers),
      '-r',
      String(rate),
      '-i',
      RECEIVER_ADDRESS,
      '-p',
      String(CALLER_PORT),
      '-mp',
      String(CALLER_PORT + 2),
      '-s',
      GROUP_NUMBER,
      '-key',
      'caller',
      '+46701112233',
      '-key',
      'payloads',
      '0 8 101',
      '-timeout',
      `${callerTimeoutSeconds}s`,
      `127.0.0.1:${SWITCH_PORT}`,
    ],
    { 'caller.xml': caller, 'calls.csv': csv },
  ).done;
  const seconds = (performance.now() - started) / 1000;
  say(`callers done after ${seconds.toFixed(1)} s`);
  loopDelay.disable();
  clearInterval(sampler);
  clearInterval(progress);
  const cpu = process.cpuUsage(cpuBefore);
  const loadAfter = loadavg()[0]!;
  const agentRun = await Promise.race([agentPhones.done, new Promise<null>((r) => setTimeout(() => r(null), 10_000))]);
  if (agentRun === null) agentPhones.kill();
  const agentsResult = agentRun ?? (await agentPhones.done);
  for (let i = 0; i < 400 && sw.stats().calls > 0; i++) await new Promise((r) => setTimeout(r, 50));
  const ports = (await receiver.report()).slice(0, callers);
  receiver.close();
  const callsLeft = sw.stats().calls;
  await sw.stop();
  // Each caller's time in the queue as the call log keeps it (whole seconds), by the receiver port its SDP named.
  const records = (await store.calls.search(organisationId, { limit: 500 })).calls.filter(
    (c) => c.toNumber === GROUP_NUMBER,
  );
  const queueWaits = records.map((c) => c.waitSeconds ?? 0).sort((a, b) => a - b);
  await store.close();
  rmSync(filesDir, { recursive: true, force: true });

  const events = agentEvents(agentsResult.logs);
  const offers = events
    .filter((e) => e.kind === 'offered')
    .map((e) => e.at)
    .sort((a, b) => a - b);
  const distributionSeconds = offers.length > 1 ? (offers.at(-1)! - offers[0]!) / 1000 : NaN;
  const gaps = freeToRinging(events);
  const jitter = ports.flatMap((p) => p.jitter).sort((a, b) => a - b);
  const heard = ports.map((p) => (p.packets * 20) / 1000);
  const totalHeard = heard.reduce((a, b) => a + b, 0);
  const totalWait = queueWaits.reduce((a, b) => a + b, 0);
  const longWaiters = ports.filter((_, i) => i >= agentCount).length;
  const figures = {
    callers,
    agents: agentCount,
    succeeded: callerRun.successful,
    failed: callerRun.failed,
    offered: offers.length,
    callsPerSecond: (offers.length - 1) / distributionSeconds,
    seconds,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
    peakCalls,
    rssGrowthMiB: (peakRss - before.rss) / 1024 / 1024,
    heapGrowthMiB: (peakHeap - before.heapUsed) / 1024 / 1024,
    rssPerCallKiB: (peakRss - before.rss) / Math.max(1, peakCalls) / 1024,
    jitterP50: quantile(jitter, 0.5),
    jitterP99: quantile(jitter, 0.99),
    jitterMax: jitter.at(-1) ?? NaN,
    late: ports.reduce((n, p) => n + p.lateness.filter((l) => l > 20).length, 0),
    packets: ports.reduce((n, p) => n + p.packets, 0),
    waitP50: quantile(queueWaits, 0.5),
    waitMax: queueWaits.at(-1) ?? NaN,
    heardShare: totalWait > 0 ? totalHeard / totalWait : NaN,
    silentCallers: heard.filter((h, i) => i >= agentCount && h === 0).length,
    longWaiters,
    freeToRingingSamples: gaps.length,
    freeToRingingP50: quantile(gaps, 0.5),
    freeToRingingP99: quantile(gaps, 0.99),
    freeToRingingMax: gaps.at(-1) ?? NaN,
    loopDelayP99: loopDelay.percentile(99) / 1e6,
    loopDelayMax: loopDelay.max / 1e6,
    loadBefore,
    loadAfter,
    callsLeft,
  };
  console.log(JSON.stringify(figures));
  if (process.env.BENCH_DEBUG) console.log('packets per caller', JSON.stringify(ports.map((p) => p.packets)));
  if (process.env.BENCH_DEBUG)
    console.log(
      'offers per agent',
      JSON.stringify(
        Object.fromEntries(
          [...new Set(events.map((e) => e.user))].map((u) => [
            u,
            events.filter((e) => e.user === u && e.kind === 'offered').length,
          ]),
        ),
      ),
      'free→ringing',
      JSON.stringify(gaps),
    );
  if (callerRun.failed > 0 || callerRun.successful < callers) console.log(callerRun.output);
  if (agentsResult.code !== 0) console.log(agentsResult.output);

  const command = `${getPriority() !== 0 ? `nice -n ${getPriority()} ` : ''}node_modules/.bin/tsx bench/responseGroup.ts --callers ${callers} --agents ${agentCount} --rate ${rate} --talk ${talkMs} --strategy ${strategy}${announcements ? '' : ' --announcements off'}`;
  const section = [
    '<!-- responseGroup:begin -->',
    '## Response group queue',
    '',
    `\`${command}\` — the Switch in the bench process (SQLite in memory, espeak-ng for the`,
    `announcements), one sipp 3.6 placing ${callers} calls from the trunk's address at ${rate} per second into one group, one sipp answering for ${agentCount} agents`,
    `(each a user of its own, registered at that sipp; each answers at once, talks ${talkMs / 1000} s and hangs up), the callers' RTP received by a separate process on loopback;`,
    `${cpus().length} shared cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}. Measured ${new Date().toISOString().slice(0, 16)}Z; load average ${loadBefore.toFixed(1)} before the run, ${loadAfter.toFixed(1)} after.`,
    `The group: strategy ${strategy}, no wrap-up, the built-in music on hold, ${announcements ? 'position and expected wait announced every 15 s (Swedish TTS)' : 'no announcements'}.`,
    '',
    '| figure | value |',
    '|---|---:|',
    `| callers succeeded / failed (sipp) | ${figures.succeeded} / ${figures.failed} |`,
    `| calls offered to agents | ${figures.offered} |`,
    `| calls distributed per second (first offer to last) | ${figures.callsPerSecond.toFixed(1)} |`,
    `| queue wait (call log): median / longest | ${figures.waitP50} s / ${figures.waitMax} s |`,
    `| audio the callers received while waiting, share of their total queue wait | ${(figures.heardShare * 100).toFixed(0)} % |`,
    `| callers after the first ${agentCount} (who had to wait) that received no audio at all | ${figures.silentCallers} of ${figures.longWaiters} |`,
    `| agent free → next call ringing, p50 / p99 / max (${figures.freeToRingingSamples} samples) | ${figures.freeToRingingP50} / ${figures.freeToRingingP99} / ${figures.freeToRingingMax} ms |`,
    `| hold audio jitter p50 / p99 / max (abs(Δarrival − Δtimestamp)) | ${figures.jitterP50.toFixed(2)} / ${figures.jitterP99.toFixed(2)} / ${figures.jitterMax.toFixed(1)} ms |`,
    `| hold audio packets more than 20 ms behind their slot | ${figures.late} of ${figures.packets} |`,
    `| switch CPU over the run (share of one core) | ${figures.cpuPercent.toFixed(0)} % |`,
    `| switch memory at the peak (${figures.peakCalls} calls): RSS / heap growth | ${figures.rssGrowthMiB.toFixed(1)} MiB / ${figures.heapGrowthMiB.toFixed(1)} MiB (${figures.rssPerCallKiB.toFixed(0)} KiB RSS per call) |`,
    `| switch event-loop delay p99 / max | ${figures.loopDelayP99.toFixed(1)} / ${figures.loopDelayMax.toFixed(1)} ms |`,
    `| calls left in the switch after the run | ${figures.callsLeft} |`,
    '<!-- responseGroup:end -->',
  ].join('\n');
  console.log(section);
  const readmePath = join(root, 'bench/README.md');
  const current = readFileSync(readmePath, 'utf8');
  const begin = current.indexOf('<!-- responseGroup:begin -->');
  const end = current.indexOf('<!-- responseGroup:end -->');
  writeFileSync(
    readmePath,
    begin >= 0 && end > begin
      ? current.slice(0, begin) + section + current.slice(end + '<!-- responseGroup:end -->'.length)
      : `${current.trimEnd()}\n\n${section}\n`,
  );
}

await main();
