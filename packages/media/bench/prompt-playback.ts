/**
 * How many prompt playbacks one process keeps on time: N players, each on its own RtpEndpoint,
 * stream G.711 frames at 20 ms to a receiver in another process (so receiving costs this one
 * nothing), for a while. Per count: the send lateness of every frame (its send time minus start +
 * n × 20 ms, measured where the player hands it to the endpoint), frames later than one packet
 * time, frames the receiver missed, CPU and memory per playback.
 *
 *   npx tsx packages/media/bench/prompt-playback.ts [seconds=10] [counts=50,100,200,400]
 *
 * "On time" means p99 lateness under 5 ms and no frame more than 20 ms late.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { concatPcm, Player, RtpEndpoint, RtpPortPool, tone, type RtpPacket, type RtpSender } from '../src/index.ts';

const seconds = Number(process.argv[2] ?? 10);
const counts = (process.argv[3] ?? '50,100,200,400').split(',').map(Number);

/** Counts datagrams on one UDP port, in its own process; prints the count when stdin closes. */
const RECEIVER = `
const socket = require('node:dgram').createSocket('udp4');
let received = 0;
socket.on('message', () => received++);
socket.bind(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: socket.address().port }) + '\\n'));
process.stdin.on('data', () => process.stdout.write(JSON.stringify({ received }) + '\\n'));
process.stdin.on('end', () => process.exit(0));
`;

const receiver = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines: string[] = [];
let waiting: ((line: string) => void) | undefined;
receiver.stdout.setEncoding('utf8');
let partial = '';
receiver.stdout.on('data', (chunk: string) => {
  partial += chunk;
  for (let at = partial.indexOf('\n'); at >= 0; at = partial.indexOf('\n')) {
    const line = partial.slice(0, at);
    partial = partial.slice(at + 1);
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(line);
    } else lines.push(line);
  }
});
const nextLine = (): Promise<string> =>
  lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise((resolve) => (waiting = resolve));
const receiverPort = (JSON.parse(await nextLine()) as { port: number }).port;
async function receivedSoFar(): Promise<number> {
  receiver.stdin.write('?');
  return (JSON.parse(await nextLine()) as { received: number }).received;
}

// A prompt-like clip: syllable-long tone bursts at speech levels, 4 s, looped.
const clip = concatPcm(
  ...Array.from({ length: 20 }, (_, i) =>
    tone({ frequencies: [200 + (i % 5) * 90, 700 + (i % 3) * 400], durationMs: 200, amplitude: 0.3 }),
  ),
);
const pool = new RtpPortPool({ minPort: 40000, maxPort: 41999, address: '127.0.0.1' });

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

interface Result {
  playbacks: number;
  frames: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  lateFrames: number;
  missedByReceiver: number;
  cpuPercentOfOneCore: number;
  cpuPercentPerPlayback: number;
  heapKiBPerPlayback: number;
  /** How late the event loop itself ran (monitorEventLoopDelay): stalls from outside the players. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  onTime: boolean;
}

async function run(playbacks: number): Promise<Result> {
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const endpoints: RtpEndpoint[] = [];
  for (let i = 0; i < playbacks; i++) {
    const endpoint = await RtpEndpoint.open(pool, { rtcpIntervalMs: 5000 });
    endpoint.setRemote({ address: '127.0.0.1', port: receiverPort });
    endpoints.push(endpoint);
  }
  const lateness: number[] = [];
  const players: Player[] = [];
  const receivedBefore = await receivedSoFar();
  let sent = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await Promise.all(
    endpoints.map(async (endpoint) => {
      // Calls start at any moment, not all on one timer tick.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      let startedAt = 0;
      let firstTimestamp: number | undefined;
      const sender: RtpSender = {
        get closed() {
          return endpoint.closed;
        },
        send(packet: RtpPacket) {
          // The player's own timestamp says which 20 ms slot this is (skipped slots included).
          firstTimestamp ??= packet.timestamp;
          const slotMs = ((packet.timestamp - firstTimestamp) >>> 0) / 8;
          lateness.push(performance.now() - (startedAt + slotMs));
          sent++;
          return endpoint.send(packet);
        },
      };
      const player = new Player(sender, [clip], { codec: 'PCMA', loop: true });
      players.push(player);
      startedAt = performance.now();
      player.start();
    }),
  );
  const heapDuring = process.memoryUsage().heapUsed;
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  loopDelay.disable();
  for (const player of players) player.stop();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - wallBefore;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const delivered = (await receivedSoFar()) - receivedBefore;
  for (const endpoint of endpoints) endpoint.close();
  const sorted = Float64Array.from(lateness).sort();
  const cpuShare = (cpu.user + cpu.system) / 1000 / wallMs;
  const p99 = percentile(sorted, 99);
  const late = lateness.filter((ms) => ms > 20).length;
  // Delivered counts RTCP too (a few per endpoint); audio frames are what was sent.
  const missed = Math.max(0, sent - delivered);
  return {
    playbacks,
    frames: sent,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(p99),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    lateFrames: late,
    missedByReceiver: missed,
    cpuPercentOfOneCore: round(cpuShare * 100),
    cpuPercentPerPlayback: round((cpuShare * 100) / playbacks, 3),
    heapKiBPerPlayback: round((heapDuring - heapBefore) / 1024 / playbacks),
    loopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
    loopDelayMaxMs: round(loopDelay.max / 1e6),
    onTime: p99 < 5 && late === 0,
  };
}

function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

const results: Result[] = [];
for (const count of counts) {
  const result = await run(count);
  results.push(result);
  console.log(JSON.stringify(result));
}
const best = results.filter((r) => r.onTime).reduce((max, r) => Math.max(max, r.playbacks), 0);
console.log(JSON.stringify({ mostOnTime: best, seconds, node: process.version }));
receiver.stdin.end();
await once(receiver, 'exit');
pool.close();
