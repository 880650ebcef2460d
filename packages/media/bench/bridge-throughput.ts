/**
 * How much CPU relaying calls costs: N simulated calls, each two UDP "phones" on 127.0.0.1
 * sending 20 ms PCMU/PCMA frames both ways through two RtpEndpoints and a transcoding
 * MediaBridge, for a few seconds. The phones run in the same process, so the figure is an upper
 * bound for the relay alone.
 *
 *   npx tsx packages/media/bench/bridge-throughput.ts [calls=20] [seconds=5]
 */
import { createSocket, type Socket } from 'node:dgram';
import { encodeG711, MediaBridge, RtpEndpoint, RtpPacket, RtpPortPool } from '../src/index.ts';

const calls = Number(process.argv[2] ?? 20);
const seconds = Number(process.argv[3] ?? 5);

async function phone(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

const pool = new RtpPortPool({ minPort: 43000, maxPort: 43999, address: '127.0.0.1' });
const payload = encodeG711(
  'PCMU',
  new Int16Array(160).map((_, i) => Math.round(6000 * Math.sin(i / 3))),
);
const sockets: Socket[] = [];
const bridges: MediaBridge[] = [];
const senders: Array<{ socket: Socket; port: number; ssrc: number }> = [];
let received = 0;

for (let i = 0; i < calls; i++) {
  const [a, b] = [await phone(), await phone()];
  const [legA, legB] = [
    await RtpEndpoint.open(pool, { rtcpIntervalMs: 0 }),
    await RtpEndpoint.open(pool, { rtcpIntervalMs: 0 }),
  ];
  legA.setRemote({ address: '127.0.0.1', port: a.address().port });
  legB.setRemote({ address: '127.0.0.1', port: b.address().port });
  bridges.push(new MediaBridge({ endpoint: legA, codec: 'PCMU' }, { endpoint: legB, codec: 'PCMA' }));
  for (const socket of [a, b]) socket.on('message', () => received++);
  sockets.push(a, b);
  senders.push(
    { socket: a, port: legA.localPort, ssrc: i * 2 + 1 },
    { socket: b, port: legB.localPort, ssrc: i * 2 + 2 },
  );
}

let sent = 0;
let sequenceNumber = 0;
const started = Date.now();
const cpuBefore = process.cpuUsage();
const timer = setInterval(() => {
  sequenceNumber++;
  for (const sender of senders) {
    const packet = RtpPacket.create({
      payloadType: sender.ssrc % 2 === 1 ? 0 : 8,
      sequenceNumber: sequenceNumber & 0xffff,
      timestamp: (sequenceNumber * 160) >>> 0,
      ssrc: sender.ssrc,
      payload,
    });
    sender.socket.send(packet.bytes, sender.port, '127.0.0.1');
    sent++;
  }
}, 20);

await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
clearInterval(timer);
await new Promise((resolve) => setTimeout(resolve, 200));
const cpu = process.cpuUsage(cpuBefore);
const wallMs = Date.now() - started;
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  JSON.stringify({
    calls,
    seconds,
    packetsSent: sent,
    packetsDelivered: received,
    lossPercent: Math.round(((sent - received) / sent) * 1000) / 10,
    cpuPercentOfOneCore: Math.round((cpuMs / wallMs) * 1000) / 10,
    cpuPercentPerCall: Math.round((cpuMs / wallMs / calls) * 10000) / 100,
  }),
);
for (const bridge of bridges) bridge.close();
pool.close();
for (const socket of sockets) socket.close();
