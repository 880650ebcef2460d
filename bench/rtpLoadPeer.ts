/**
 * Both phones' audio for bench/relayCalls.ts, in a process of its own: the caller's socket sends
 * one 20-ms G.711 packet per call every 20 ms to each call's relay port, the callee's socket
 * echoes every packet back where it came from, and the caller's socket times each packet's
 * return — the relay round trip (caller → relay → callee → relay → caller: two relay passes).
 *
 * A packet's payload carries its send time (float64, this process's monotonic clock), its call
 * and its sequence number, so the round trip is read off the packet that came back whatever the
 * relay rewrote in its RTP header (sequence numbers, timestamps, SSRC: RFC 3550 §7 lets it). The
 * calls are sent in ten groups, one every 2 ms, not as one burst every 20 ms.
 *
 * IPC (child_process.fork): `{ type: 'ready', callerPort, calleePort }` once bound; answers
 * `{ type: 'run', targets: number[], seconds }` (relay ports on 127.0.0.1, one per call) with
 * `{ type: 'report', report }` after the run and half a second of drain.
 */
import { createSocket } from 'node:dgram';
import { performance } from 'node:perf_hooks';

export interface RelayReport {
  calls: number;
  sent: number;
  received: number;
  /** Calls that lost at least one packet. */
  callsWithLoss: number;
  rttP50Ms: number;
  rttP99Ms: number;
  rttMaxMs: number;
  /** How late this process sent its packets (its own load): p99 ms behind the 2-ms slots. */
  senderLateP99Ms: number;
}

const PACKET_BYTES = 12 + 160;
const GROUPS = 10;
const SLOT_MS = 2;

const caller = createSocket('udp4');
const callee = createSocket('udp4');
await Promise.all([
  new Promise<void>((resolve) => caller.bind(0, '127.0.0.1', resolve)),
  new Promise<void>((resolve) => callee.bind(0, '127.0.0.1', resolve)),
]);
for (const socket of [caller, callee]) {
  socket.setRecvBufferSize(8 * 1024 * 1024);
  socket.setSendBufferSize(8 * 1024 * 1024);
}
// The callee echoes the very buffer it got: no copy.
callee.on('message', (message, from) => callee.send(message, from.port, from.address));

let rtts = new Float64Array(0);
let rttCount = 0;
let receivedPerCall = new Uint32Array(0);
caller.on('message', (message) => {
  const now = performance.now();
  if (message.length !== PACKET_BYTES) return;
  const headerBytes = 12 + (message[0]! & 0x0f) * 4;
  const sentAt = message.readDoubleBE(headerBytes);
  const call = message.readUInt32BE(headerBytes + 8);
  if (call >= receivedPerCall.length) return;
  receivedPerCall[call]!++;
  if (rttCount < rtts.length) rtts[rttCount++] = now - sentAt;
});

async function run(targets: number[], seconds: number): Promise<RelayReport> {
  const calls = targets.length;
  const rounds = Math.round((seconds * 1000) / 20);
  rtts = new Float64Array(calls * rounds);
  rttCount = 0;
  receivedPerCall = new Uint32Array(calls);
  const packets = targets.map((_, call) => {
    const packet = Buffer.alloc(PACKET_BYTES, 0xff);
    packet[0] = 0x80;
    packet[1] = 0; // PCMU
    packet.writeUInt32BE(0x10000 + call, 8);
    packet.writeUInt32BE(call, 12 + 8);
    return packet;
  });
  const lateness: number[] = [];
  let sent = 0;
  const start = performance.now() + 20;
  for (let slot = 0; slot < rounds * GROUPS; slot++) {
    const due = start + slot * SLOT_MS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lateness.push(performance.now() - due);
    const round = Math.floor(slot / GROUPS);
    for (let call = slot % GROUPS; call < calls; call += GROUPS) {
      // A fresh buffer per send: dgram holds it until the datagram is out.
      const packet = Buffer.from(packets[call]!);
      packet.writeUInt16BE(round & 0xffff, 2);
      packet.writeUInt32BE(round * 160, 4);
      packet.writeUInt32BE(round, 12 + 12);
      packet.writeDoubleBE(performance.now(), 12);
      caller.send(packet, targets[call]!, '127.0.0.1');
      sent++;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const sorted = rtts.subarray(0, rttCount).sort();
  const at = (q: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  lateness.sort((a, b) => a - b);
  let received = 0;
  let callsWithLoss = 0;
  for (const count of receivedPerCall) {
    received += count;
    if (count < rounds) callsWithLoss++;
  }
  return {
    calls,
    sent,
    received,
    callsWithLoss,
    rttP50Ms: at(0.5),
    rttP99Ms: at(0.99),
    rttMaxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1]!,
    senderLateP99Ms: lateness[Math.floor(0.99 * lateness.length)] ?? NaN,
  };
}

process.on('message', (message: { type: string; targets?: number[]; seconds?: number }) => {
  if (message.type === 'run')
    void run(message.targets ?? [], message.seconds ?? 10).then((report) => process.send?.({ type: 'report', report }));
  if (message.type === 'stop') process.exit(0);
});
process.send?.({ type: 'ready', callerPort: caller.address().port, calleePort: callee.address().port });
