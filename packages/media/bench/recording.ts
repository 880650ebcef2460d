/**
 * What recording calls costs: N calls, each two RtpEndpoints receiving 20 ms PCMU frames from
 * "phones" in another process, first without recording, then with a stereo CallRecorder per
 * call writing its WAV to disk (RIFF sizes every second, fsync every 5 s). The difference in this
 * process's CPU is the recording's; the files' sizes are its disk.
 *
 *   npx tsx packages/media/bench/recording.ts [calls=50] [seconds=10] [layout=stereo|mixed]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallRecorder, fileRecordingSink, RtpEndpoint, RtpPortPool } from '../src/index.ts';

const calls = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 10);
const layout = (process.argv[4] ?? 'stereo') as 'stereo' | 'mixed';

/** Sends a 20 ms PCMU frame to every port on stdin's list, each on its own SSRC, until stdin closes. */
const PHONES = `
const socket = require('node:dgram').createSocket('udp4');
let ports = [];
let n = 0;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => { ports = JSON.parse(text); });
process.stdin.on('end', () => process.exit(0));
const payload = Buffer.alloc(160);
for (let i = 0; i < 160; i++) payload[i] = 0x40 + (i % 32);
const started = Date.now();
function tick() {
  n++;
  ports.forEach((port, i) => {
    const packet = Buffer.alloc(12 + 160);
    packet[0] = 0x80; packet[1] = 0;
    packet.writeUInt16BE(n & 0xffff, 2);
    packet.writeUInt32BE((n * 160) >>> 0, 4);
    packet.writeUInt32BE(1000 + i, 8);
    payload.copy(packet, 12);
    socket.send(packet, port, '127.0.0.1');
  });
  setTimeout(tick, Math.max(0, started + (n + 1) * 20 - Date.now()));
}
socket.bind(0, '127.0.0.1', tick);
`;

const pool = new RtpPortPool({ minPort: 42000, maxPort: 42999, address: '127.0.0.1' });
const folder = await mkdtemp(join(tmpdir(), 'vaxel-recording-bench-'));
const endpoints: RtpEndpoint[] = [];
for (let i = 0; i < calls * 2; i++) {
  const endpoint = await RtpEndpoint.open(pool, { rtcpIntervalMs: 5000 });
  // The phones' process sends from one port the bench does not know: each endpoint learns it once.
  endpoint.setRemote({ address: '127.0.0.1', port: 9 });
  endpoints.push(endpoint);
}
const phones = spawn(process.execPath, ['-e', PHONES], { stdio: ['pipe', 'inherit', 'inherit'] });
phones.stdin.write(JSON.stringify(endpoints.map((e) => e.localPort)));
let packets = 0;
for (const endpoint of endpoints) endpoint.on('rtp', () => packets++);

async function measure(work: () => Promise<void>): Promise<{ cpuPercent: number; packets: number }> {
  const before = packets;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await work();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    cpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore)) * 100,
    packets: packets - before,
  };
}

await new Promise((resolve) => setTimeout(resolve, 1000));
const plain = await measure(() => new Promise((resolve) => setTimeout(resolve, seconds * 1000)));

const recorders: CallRecorder[] = [];
const recorded = await measure(async () => {
  for (let call = 0; call < calls; call++) {
    const recorder = await CallRecorder.open(await fileRecordingSink(join(folder, `call-${call}.wav`)), { layout });
    recorder.attach(endpoints[call * 2]!, 0);
    recorder.attach(endpoints[call * 2 + 1]!, 1);
    recorders.push(recorder);
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  await Promise.all(recorders.map((r) => r.stop()));
});

let bytes = 0;
let durationMs = 0;
for (let call = 0; call < calls; call++) bytes += (await stat(join(folder, `call-${call}.wav`))).size;
for (const recorder of recorders) durationMs += recorder.durationMs;
phones.stdin.end();
await once(phones, 'exit');
for (const endpoint of endpoints) endpoint.close();
pool.close();
await rm(folder, { recursive: true, force: true });

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
console.log(
  JSON.stringify({
    calls,
    seconds,
    layout,
    packetsPerSecond: round(recorded.packets / seconds, 0),
    cpuPercentReceivingOnly: round(plain.cpuPercent),
    cpuPercentReceivingAndRecording: round(recorded.cpuPercent),
    cpuPercentPerRecordedCall: round((recorded.cpuPercent - plain.cpuPercent) / calls, 3),
    diskKiBPerCallMinute: round(bytes / 1024 / (durationMs / 60_000), 0),
    recordedSecondsPerCall: round(durationMs / 1000 / calls, 1),
    node: process.version,
  }),
);
