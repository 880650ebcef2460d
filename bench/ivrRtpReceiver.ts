/**
 * The callers' ears for bench/ivrCalls.ts, in a process of their own so that receiving does not
 * share the switch's event loop: one UDP socket per call on consecutive ports, each keeping the
 * arrival time (monotonic), sequence number and timestamp of every audio packet. Asked for a
 * report over IPC, it answers per port:
 * - `packets`: audio packets of the first talkspurt (the prompt: up to the first pause > 400 ms;
 *   the caller presses its key 800 ms after the prompt, so the message that follows is not counted);
 * - `jitter`: |(arrival − previous arrival) − (timestamp − previous timestamp) / 8 kHz| of each
 *   packet in it, in ms (RFC 3550 §6.4.1's transit difference D, unsmoothed);
 * - `lateness`: how far each packet arrived behind its slot (the first arrival plus its timestamp
 *   offset), less the smallest such value, in ms: what a phone's jitter buffer must absorb.
 *
 * With `all` as fourth argument (bench/responseGroup.ts: a queue's music and announcements, up to
 * the bridge), the report covers every packet a port received instead of the first talkspurt.
 *
 *   (started by bench/ivrCalls.ts) node --import tsx bench/ivrRtpReceiver.ts <address> <firstPort> <count> [all]
 */
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';

const [address = '127.0.0.2', firstPortText = '30000', countText = '1', span = 'spurt'] = process.argv.slice(2);
const firstPort = Number(firstPortText);
const count = Number(countText);

interface Arrival {
  at: number;
  sequenceNumber: number;
  timestamp: number;
}

const arrivals: Arrival[][] = Array.from({ length: count }, () => []);
const sockets: Socket[] = [];

await Promise.all(
  arrivals.map(
    (list, index) =>
      new Promise<void>((resolve, reject) => {
        const socket = createSocket('udp4');
        socket.on('message', (message) => {
          if (message.length < 12 || (message[1]! & 0x7f) > 8) return; // G.711 audio only, not RTCP or events
          list.push({
            at: performance.now(),
            sequenceNumber: message.readUInt16BE(2),
            timestamp: message.readUInt32BE(4),
          });
        });
        socket.once('error', reject);
        socket.bind(firstPort + index * 2, address, () => resolve());
        sockets.push(socket);
      }),
  ),
);

export interface PortReport {
  packets: number;
  jitter: number[];
  lateness: number[];
  reordered: number;
}

function report(list: Arrival[]): PortReport {
  const spurt: Arrival[] = [];
  for (const arrival of list) {
    const previous = spurt[spurt.length - 1];
    if (span !== 'all' && previous && arrival.at - previous.at > 400) break;
    spurt.push(arrival);
  }
  const jitter: number[] = [];
  const behind: number[] = [];
  let reordered = 0;
  spurt.forEach((arrival, i) => {
    if (i > 0) {
      jitter.push(Math.abs(arrival.at - spurt[i - 1]!.at - ((arrival.timestamp - spurt[i - 1]!.timestamp) >>> 0) / 8));
      if (((arrival.sequenceNumber - spurt[i - 1]!.sequenceNumber) & 0xffff) !== 1) reordered++;
    }
    behind.push(arrival.at - spurt[0]!.at - ((arrival.timestamp - spurt[0]!.timestamp) >>> 0) / 8);
  });
  const least = Math.min(0, ...behind);
  return { packets: spurt.length, jitter, lateness: behind.map((b) => b - least), reordered };
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'report') {
    process.send!({ type: 'report', ports: arrivals.map(report) });
  } else if (message.type === 'reset') {
    for (const list of arrivals) list.length = 0;
    process.send!({ type: 'reset' });
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.close();
    process.disconnect();
  }
});
process.send!({ type: 'ready' });
