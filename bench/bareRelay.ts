/**
 * The ceiling of any RTP relay written on Node on this machine (issue 11, "Benchmarks"): a process
 * that forwards datagrams between port pairs and does nothing else — no parsing, no rewriting, no
 * timers. For bench/relayCalls.ts, driven by the same load as the switch.
 *
 * Pair i: what reaches its caller-side socket goes out of its callee-side socket to the callee;
 * what reaches the callee-side socket goes back to whoever last sent to the caller side (the
 * caller's address is learnt from its packets, like a relay behind symmetric RTP, RFC 4961).
 *
 * IPC (child_process.fork): `{ type: 'open', pairs, callee }` (the callee's port on 127.0.0.1) is
 * answered with `{ type: 'opened', ports }` (each pair's caller-side port); `{ type: 'stop' }` exits.
 */
import { createSocket, type Socket } from 'node:dgram';

async function bound(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

async function open(pairs: number, calleePort: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const callerSide = await bound();
    const calleeSide = await bound();
    let callerPort = 0;
    let callerAddress = '127.0.0.1';
    callerSide.on('message', (message, from) => {
      callerPort = from.port;
      callerAddress = from.address;
      calleeSide.send(message, calleePort, '127.0.0.1');
    });
    calleeSide.on('message', (message) => {
      if (callerPort !== 0) callerSide.send(message, callerPort, callerAddress);
    });
    ports.push(callerSide.address().port);
  }
  return ports;
}

process.on('message', (message: { type: string; pairs?: number; callee?: number }) => {
  if (message.type === 'open')
    void open(message.pairs ?? 0, message.callee ?? 0).then((ports) => process.send?.({ type: 'opened', ports }));
  if (message.type === 'stop') process.exit(0);
});
process.send?.({ type: 'ready' });
