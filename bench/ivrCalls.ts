/**
 * IVR benchmark (issue 8, "Benchmarks"): concurrent callers from the trunk into an IVR menu with
 * a TTS prompt, each pressing a key (RFC 4733) after the prompt, which leads to a short message
 * and the switch's hang-up. The Switch runs in this process (SQLite in memory, the real
 * espeak-ng prompt audio, warmed so the run measures playback rather than synthesis); one sipp
 * places the calls from the trunk's address; the callers' audio goes to sockets in a separate
 * receiver process (bench/ivrRtpReceiver.ts) that timestamps every packet. For each count of
 * concurrent calls:
 *   - every call succeeded (sipp's statistics) and heard its whole prompt (at least as many
 *     packets in its first talkspurt as the prompt has 20 ms frames);
 *   - send jitter at the receiver: p99 and max of the transit difference between packets;
 *     late packets: more than 20 ms behind their slot;
 *   - CPU of the switch's process (share of one core) and memory per call (RSS and heap at peak).
 *
 *   node_modules/.bin/tsx bench/ivrCalls.ts [--counts 10,25,50,100,150,200] [--rate 20]
 *
 * Writes the figures into bench/README.md between the ivr markers (other sections untouched).
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultIvrAdvancedSettings, type Prompt, type PromptAudio } from '../packages/domain/src/index.ts';
import { CachedTextToSpeech, EspeakTextToSpeech, FfmpegAudioConverter } from '../packages/media/src/index.ts';
import { createDiskFileStore } from '../packages/store/src/index.ts';
import { LibraryPromptAudio, Switch } from '../packages/switch/src/index.ts';
import { telephoneEventPcap } from '../packages/switch/test/dtmfPcap.ts';
import { seed } from '../packages/switch/test/fixtures.ts';
import { passThroughOptions } from './benchSwitch.ts';
import type { PortReport } from './ivrRtpReceiver.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: { counts: { type: 'string', default: '10,25,50,100,150,200' }, rate: { type: 'string', default: '20' } },
});
const counts = values.counts.split(',').map(Number);
/** New calls per second: a burst of set-ups shares the event loop with the prompts already playing. */
const rate = Number(values.rate);

const MENU_NUMBER = '+46812300050';
// Long enough (about 17 s) that at the default rate every call of a run still hears it while the last ones arrive.
const PROMPT: Prompt = {
  type: 'tts',
  text: 'Welcome to Acme. Calls may be recorded for training. For sales press one. For support press two. For invoices and payments press three. To hear our opening hours press four. For the switchboard press zero. To hear this menu again press nine.',
  language: 'en-GB',
};
const GOODBYE: Prompt = { type: 'tts', text: 'Thank you for calling. Goodbye.', language: 'en-GB' };
const RECEIVER_ADDRESS = '127.0.0.2';
const FIRST_RECEIVER_PORT = 30000;

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

interface SippResult {
  code: number | null;
  successful: number;
  failed: number;
  output: string;
}

function sipp(args: string[], dir: string): Promise<SippResult> {
  const child = spawn('sipp', [...args, '-nostdin', '-trace_stat', '-fd', '1', '-trace_err'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
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
      resolve({
        code,
        successful: Number(statistics['SuccessfulCall(C)'] ?? 0),
        failed: Number(statistics['FailedCall(C)'] ?? 0),
        output: output.slice(-3000),
      });
    });
  });
}

type ReceiverMessage = { type: 'ready' } | { type: 'reset' } | { type: 'report'; ports: PortReport[] };

function startReceiver(count: number) {
  const child = fork(
    join(root, 'bench/ivrRtpReceiver.ts'),
    [RECEIVER_ADDRESS, String(FIRST_RECEIVER_PORT), String(count)],
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
    async reset() {
      const done = next('reset');
      child.send({ type: 'reset' });
      await done;
    },
    async report(): Promise<PortReport[]> {
      const done = next('report');
      child.send({ type: 'report' });
      return ((await done) as { ports: PortReport[] }).ports;
    },
    close() {
      child.send({ type: 'close' });
    },
  };
}

interface RunFigures {
  calls: number;
  succeeded: number;
  failed: number;
  complete: number;
  jitterP99: number;
  jitterMax: number;
  late: number;
  packets: number;
  cpuPercent: number;
  rssPerCallKiB: number;
  heapPerCallKiB: number;
  peakCalls: number;
  seconds: number;
  /** The switch process's event-loop delay (perf_hooks, 5 ms resolution), ms. */
  loopDelayP99: number;
  loopDelayMax: number;
  /** The machine's 1-minute load average at the end of the run (other work shares the cores). */
  load: number;
}

/**
 * The machine's own floor: how late a bare 20 ms timer loop fires in this process before the
 * switch starts (other work on the shared cores delays it as it delays the players).
 */
async function timerLateness(seconds: number): Promise<{ p99: number; max: number }> {
  const late: number[] = [];
  const start = performance.now();
  for (let slot = 1; slot <= seconds * 50; slot++) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + slot * 20 - performance.now())));
    late.push(performance.now() - (start + slot * 20));
  }
  late.sort((a, b) => a - b);
  return { p99: quantile(late, 0.99), max: late.at(-1) ?? NaN };
}

async function main(): Promise<void> {
  const floor = await timerLateness(5);
  const trunkPort = 41500;
  const world = await seed({ trunkPort, inboundAddress: RECEIVER_ADDRESS });
  const { store, organisationId } = world;
  await store.numbers.allocate(organisationId, [{ number: MENU_NUMBER, type: 'landline' }]);
  await store.ivrMenus.create(organisationId, {
    name: 'Main',
    number: MENU_NUMBER,
    billingNumber: null,
    prompts: [PROMPT],
    keys: { '1': { type: 'playMessage', prompt: GOODBYE } },
    openingHours: null,
    closedPrompt: null,
    closedDestination: { type: 'hangup' },
    advanced: { ...defaultIvrAdvancedSettings('en'), inputTimeoutSeconds: 10, maxRetries: 0 },
  });
  const filesDir = mkdtempSync(join(tmpdir(), 'ivr-bench-files-'));
  const tts = new CachedTextToSpeech({ engine: new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() }) });
  const prompts: PromptAudio = new LibraryPromptAudio({
    audioFiles: store.audioFiles,
    files: createDiskFileStore(filesDir),
    tts,
  });
  const promptSamples = await prompts.samples(organisationId, PROMPT);
  await prompts.samples(organisationId, GOODBYE);
  const promptFrames = Math.floor(promptSamples.length / 160);
  const promptMs = promptFrames * 20;

  const switchPort = 41502;
  const sw = new Switch({
    store,
    prompts,
    sipPort: switchPort,
    bindAddress: '127.0.0.1',
    advertisedAddress: '127.0.0.1',
    rtpPortRange: { min: 50000, max: 56000 },
    digestAlgorithms: ['MD5', 'SHA-256'],
    authGuard: { exempt: ['127.0.0.1', RECEIVER_ADDRESS] },
    flood: { exempt: ['127.0.0.1', RECEIVER_ADDRESS] },
    rtpTimeoutSeconds: 0,
    // Issue 11: media workers from VAXEL_MEDIA_WORKERS (unset: the switch's default, one per core).
    ...passThroughOptions(process.env),
  });
  await sw.start();
  const receiver = startReceiver(Math.max(...counts));
  await receiver.ready;

  const scenario = readFileSync(join(root, 'test/sipp/trunk-ivr-caller-keys.xml'), 'utf8').replaceAll(
    '[rtpport]',
    '[field0]',
  );
  const results: RunFigures[] = [];
  let sippPort = 42000;
  for (const calls of counts) {
    await receiver.reset();
    const dir = mkdtempSync(join(tmpdir(), 'ivr-bench-'));
    writeFileSync(join(dir, 'caller.xml'), scenario);
    writeFileSync(
      join(dir, 'calls.csv'),
      ['SEQUENTIAL', ...Array.from({ length: calls }, (_, i) => `${FIRST_RECEIVER_PORT + i * 2};`)].join('\n') + '\n',
    );
    writeFileSync(join(dir, 'keys.pcap'), telephoneEventPcap([{ digit: '1', atMs: 0 }]));
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
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const started = performance.now();
    sippPort += 4;
    const run = await sipp(
      [
        '-sf',
        'caller.xml',
        '-inf',
        'calls.csv',
        '-m',
        String(calls),
        '-l',
        String(calls),
        '-r',
        String(rate),
        '-d',
        String(promptMs + 800),
        '-i',
        RECEIVER_ADDRESS,
        '-p',
        String(sippPort),
        '-mp',
        String(sippPort + 2),
        '-s',
        MENU_NUMBER,
        '-key',
        'caller',
        '+46701112233',
        '-key',
        'payloads',
        '0 8 101',
        '-timeout',
        `${Math.ceil(promptMs / 1000) + 60}s`,
        `127.0.0.1:${switchPort}`,
      ],
      dir,
    );
    const seconds = (performance.now() - started) / 1000;
    loopDelay.disable();
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpuBefore);
    for (let i = 0; i < 400 && sw.stats().calls > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const ports = (await receiver.report()).slice(0, calls);
    rmSync(dir, { recursive: true, force: true });
    const jitter = ports.flatMap((p) => p.jitter).sort((a, b) => a - b);
    const figures: RunFigures = {
      calls,
      succeeded: run.successful,
      failed: run.failed,
      complete: ports.filter((p) => p.packets >= promptFrames).length,
      jitterP99: quantile(jitter, 0.99),
      jitterMax: jitter.at(-1) ?? NaN,
      late: ports.reduce((n, p) => n + p.lateness.filter((l) => l > 20).length, 0),
      packets: ports.reduce((n, p) => n + p.packets, 0),
      cpuPercent: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
      rssPerCallKiB: (peakRss - before.rss) / Math.max(1, peakCalls) / 1024,
      heapPerCallKiB: (peakHeap - before.heapUsed) / Math.max(1, peakCalls) / 1024,
      peakCalls,
      seconds,
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      loopDelayMax: loopDelay.max / 1e6,
      load: loadavg()[0]!,
    };
    results.push(figures);
    console.log(JSON.stringify(figures));
    if (process.env.IVR_BENCH_DEBUG)
      for (const p of ports)
        console.log(
          p.packets,
          p.reordered,
          JSON.stringify(p.jitter.map((j, i) => [i, Math.round(j)]).filter(([, j]) => j! > 5)),
        );
    if (run.failed > 0 || run.successful < calls) console.log(run.output);
  }
  receiver.close();
  await sw.stop();
  await store.close();
  rmSync(filesDir, { recursive: true, force: true });

  const onTime = (r: RunFigures) =>
    r.succeeded === r.calls && r.complete === r.calls && r.jitterP99 < 5 && r.late === 0;
  const best = results.filter(onTime).at(-1);
  const section = [
    '<!-- ivr:begin -->',
    '## IVR calls',
    '',
    `\`${getPriority() !== 0 ? `nice -n ${getPriority()} ` : ''}node_modules/.bin/tsx bench/ivrCalls.ts --counts ${counts.join(',')} --rate ${rate}\` — the Switch in the bench process (SQLite in memory, the espeak-ng`,
    `prompt audio warmed before the runs), one sipp 3.6 placing the calls from the trunk's address, the callers' RTP received by a separate`,
    `process on loopback; media workers: VAXEL_MEDIA_WORKERS=${process.env.VAXEL_MEDIA_WORKERS ?? 'unset (one per core)'}; ${cpus().length} shared cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, load average before the run ${loadavg()[0]!.toFixed(1)}.`,
    `Measured ${new Date().toISOString().slice(0, 16)}Z. Calls arrive at ${rate} per second. Each call: INVITE from the trunk, the switch answers and plays a ${(promptMs / 1000).toFixed(1)} s TTS prompt`,
    `(${promptFrames} frames of 20 ms, PCMU), the caller presses 1 (RFC 4733) after it, hears a short message, and the switch hangs up.`,
    'Complete: the first talkspurt had every frame of the prompt. Jitter: |Δarrival − Δtimestamp| between consecutive packets at the receiver.',
    `The machine's floor at the start: a bare 20 ms timer loop in the bench process fired up to ${floor.p99.toFixed(1)} ms late (p99), ${floor.max.toFixed(1)} ms at most.`,
    'Late: a packet more than 20 ms behind its slot (first arrival + its timestamp offset). CPU: the switch process, share of one core, over the run;',
    "memory: the switch process's growth at the peak of concurrent calls, per call. sipp (callers, pcap playback) and the receiver share the same cores.",
    '',
    '| concurrent calls | succeeded | prompt complete | jitter p99 ms | jitter max ms | late packets | switch event-loop delay p99 / max ms | CPU % of one core | memory per call (RSS / heap) | load average during |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|',
    ...results.map(
      (r) =>
        `| ${r.calls} | ${r.succeeded} | ${r.complete} | ${r.jitterP99.toFixed(2)} | ${r.jitterMax.toFixed(1)} | ${r.late} of ${r.packets} | ${r.loopDelayP99.toFixed(1)} / ${r.loopDelayMax.toFixed(1)} | ${r.cpuPercent.toFixed(0)} | ${r.rssPerCallKiB.toFixed(0)} KiB / ${r.heapPerCallKiB.toFixed(0)} KiB | ${r.load.toFixed(1)} |`,
    ),
    '',
    best
      ? `On time (every call complete, jitter p99 < 5 ms, no late packet) up to **${best.calls} concurrent IVR calls**${best === results.at(-1) ? ' (the largest count tried)' : ''}.`
      : 'No count tried kept every call on time.',
    '<!-- ivr:end -->',
  ].join('\n');
  console.log(section);
  const readmePath = join(root, 'bench/README.md');
  const current = readFileSync(readmePath, 'utf8');
  const begin = current.indexOf('<!-- ivr:begin -->');
  const end = current.indexOf('<!-- ivr:end -->');
  writeFileSync(
    readmePath,
    begin >= 0 && end > begin
      ? current.slice(0, begin) + section + current.slice(end + '<!-- ivr:end -->'.length)
      : `${current.trimEnd()}\n\n${section}\n`,
  );
}

await main();
