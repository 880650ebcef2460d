/**
 * The operator's metrics on the hot path (issue 11): what counting one SIP message costs the
 * switch's main thread, with apps/vaxel's SipTrafficMetrics (plain numbers handed to prom-client
 * at scrape time, metrics/tallyCounter.ts) beside prom-client's own labelled children resolved in
 * advance (`counter.labels('INVITE').inc()`, which hashes the labels on every call); and what one
 * scrape of the whole registry costs. Minor garbage collections during the loop show whether the
 * counting allocates. Each figure twice.
 *
 *   node --expose-gc --import tsx bench/metricsObserver.ts [--messages 5000000] [--scrapes 200]
 *
 * Writes its section into bench/README.md between the metricsObserver markers.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Counter, Registry } from 'prom-client';
import { parseMessage, type SipMessage } from '@vaxel/sip';
import { SipTrafficMetrics } from '../apps/vaxel/src/metrics/sipTrafficMetrics.ts';
import { vaxelMetrics } from '../apps/vaxel/src/metrics/vaxelMetrics.ts';
import { machineDescription, writeReadmeSection } from './benchSwitch.ts';
import { quantile } from './sippLoad.ts';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '5000000' }, scrapes: { type: 'string', default: '200' } },
});
const messages = Number(values.messages);
const scrapes = Number(values.scrapes);

/** One call's messages as the transaction layer sees them, parsed once. */
function callMessages(): SipMessage[] {
  const head = (start: string, cseq: string) =>
    `${start}\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\n` +
    `To: <sip:b@127.0.0.1>\r\nCall-ID: c1\r\nCSeq: ${cseq}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
  return [
    head('INVITE sip:b@127.0.0.1 SIP/2.0', '1 INVITE'),
    head('SIP/2.0 100 Trying', '1 INVITE'),
    head('SIP/2.0 180 Ringing', '1 INVITE'),
    head('SIP/2.0 200 OK', '1 INVITE'),
    head('ACK sip:b@127.0.0.1 SIP/2.0', '1 ACK'),
    head('BYE sip:b@127.0.0.1 SIP/2.0', '2 BYE'),
    head('SIP/2.0 200 OK', '2 BYE'),
  ].map((text) => {
    const parsed = parseMessage(Buffer.from(text), { transport: 'datagram' });
    if (!parsed.ok) throw parsed.error;
    return parsed.message;
  });
}

/** prom-client's way: a child per label value, resolved in advance, `inc()` per message. */
function promClientChildren(registry: Registry): (message: SipMessage) => void {
  const requests = new Counter({ name: 'r_total', help: 'r', labelNames: ['method'], registers: [registry] });
  const responses = new Counter({ name: 's_total', help: 's', labelNames: ['status'], registers: [registry] });
  const byMethod = new Map(['INVITE', 'ACK', 'BYE'].map((m) => [m, requests.labels(m)]));
  const byStatus = new Map([100, 180, 200].map((s) => [s, responses.labels(String(s))]));
  return (message) => {
    if (message.kind === 'request') byMethod.get(message.method)?.inc();
    else byStatus.get(message.status)?.inc();
  };
}

function measure(count: (message: SipMessage) => void, traffic: SipMessage[]) {
  for (let i = 0; i < 100_000; i++) count(traffic[i % traffic.length]!);
  (globalThis as { gc?: () => void }).gc?.();
  let minorGcs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if ((entry as { detail?: { kind?: number } }).detail?.kind === 1) minorGcs++;
  });
  observer.observe({ entryTypes: ['gc'] });
  const started = process.hrtime.bigint();
  for (let i = 0; i < messages; i++) count(traffic[i % traffic.length]!);
  const ns = Number(process.hrtime.bigint() - started) / messages;
  // GC entries reach the observer after the loop has given the event loop back.
  return new Promise<{ ns: number; minorGcs: number }>((resolve) =>
    setTimeout(() => {
      observer.disconnect();
      resolve({ ns, minorGcs });
    }, 200),
  );
}

function mediaThread(thread: string) {
  return {
    thread,
    calls: 250,
    packetsReceived: 5e6,
    packetsSent: 5e6,
    packetsLost: 10,
    strangerPacketsDropped: 0,
    streamsReceiving: 500,
    jitterMs: { mean: 0.4, max: 3 },
  };
}

async function scrapeCost() {
  const figures = { calls: 12, transactions: 40, dialogs: 24, rtpPorts: 48, sockets: 2 };
  const metrics = vaxelMetrics({
    switch: () => ({
      stats: () => figures,
      edgeStats: () => ({
        statelessResponses: 3,
        flood: { sources: 5, bans: 0, dropped: 0, shed: 0 },
        overload: { admittedShare: 1, overloaded: false },
      }),
      mediaStats: () => ({ strangerPacketsDropped: 0, threads: [mediaThread('media-0'), mediaThread('media-1')] }),
      threadLoads: () =>
        ['main', 'media-0', 'media-1'].map((thread) => ({ thread, eventLoopDelayMs: 2, utilization: 0.3 })),
      callersWaiting: () => 2,
    }),
    registrations: () => ({ countActive: async () => 250 }),
  });
  for (const message of callMessages()) metrics.observer.sip?.received(message);
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < scrapes; i++) {
    const started = process.hrtime.bigint();
    bytes = (await metrics.registry.metrics()).length;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), bytes };
}

const traffic = callMessages();
const rows: string[] = [];
for (let run = 1; run <= 2; run++) {
  const tally = new SipTrafficMetrics(new Registry());
  const ours = await measure((message) => tally.received(message), traffic);
  const theirs = await measure(promClientChildren(new Registry()), traffic);
  const scrape = await scrapeCost();
  rows.push(
    `| ${run} | ${ours.ns.toFixed(1)} | ${ours.minorGcs} | ${theirs.ns.toFixed(1)} | ${theirs.minorGcs} | ` +
      `${scrape.p50.toFixed(2)} | ${scrape.p99.toFixed(2)} | ${scrape.bytes} |`,
  );
}
const gcNote = (globalThis as { gc?: () => void }).gc ? '' : ' (run without --expose-gc: no GC before each loop)';
const section = [
  '## Metrics on the hot path',
  '',
  '`node --expose-gc --import tsx bench/metricsObserver.ts` — counting SIP messages for `/metrics`',
  `(issue 11) on the main thread, ${messages.toLocaleString('en')} messages of one call's mix (INVITE, 100, 180, 200, ACK, BYE, 200)`,
  `per loop; one scrape of the whole registry (${scrapes} scrapes). ${machineDescription()}.`,
  `Measured ${new Date().toISOString().slice(0, 16)}Z${gcNote}.`,
  '',
  '| run | SipTrafficMetrics ns/message | minor GCs | prom-client child `inc()` ns/message | minor GCs | scrape p50 ms | scrape p99 ms | scrape bytes |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  'SipTrafficMetrics adds one to a plain number per message and hands the sums to prom-client when',
  "scraped (apps/vaxel/src/metrics/tallyCounter.ts); prom-client's own child builds a label hash",
  "string on every `inc()`. A scrape runs the gauges' reads (the switch's stats, one store count)",
  'and the default process metrics. In a fresh process (run 1) the SipTrafficMetrics loop triggers no',
  'minor GC; the few in run 2 are most likely work left by run 1 (its registries with the default',
  "metrics' collectors), not the counting: the same loop in run 1 allocates nothing that needs one.",
].join('\n');
writeReadmeSection('metricsObserver', section);
process.stdout.write(`${section}\n`);
