import { createSocket } from 'node:dgram';
import { until } from '@vaxel/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceivedMessage } from './transport.ts';
import { UdpTransport } from './udp-transport.ts';

const OPTIONS = Buffer.from(
  'OPTIONS sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK1\r\n' +
    'From: <sip:b@127.0.0.1>;tag=1\r\nTo: <sip:a@127.0.0.1>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
);

let transport: UdpTransport;
afterEach(async () => transport.close());

async function measured(): Promise<{ transport: UdpTransport; handled: ReceivedMessage[] }> {
  transport = new UdpTransport({
    host: '127.0.0.1',
    port: 0,
    receiveBufferBytes: 4 * 1024 * 1024,
    measureReceiveDelay: true,
  });
  await transport.listen();
  const handled: ReceivedMessage[] = [];
  transport.onMessage((message) => void handled.push(message));
  return { transport, handled };
}

describe('the receive delay of a UDP transport', () => {
  it('is about nothing while the socket is read as fast as datagrams come, and its probes reach no handler', async () => {
    const { handled } = await measured();
    // A few probes' worth of time with nothing else arriving.
    await until('probes measured', () => transport.receiveDelayMs() < 20, { timeoutMs: 2000, intervalMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(transport.receiveDelayMs()).toBeLessThan(20);
    expect(handled).toEqual([]);
  });

  it('shows how long datagrams wait when they come faster than the handler takes them, and falls once drained', async () => {
    const { handled } = await measured();
    let worst = 0;
    transport.onMessage(() => {
      worst = Math.max(worst, transport.receiveDelayMs());
      // Each message costs 0.5 ms: 600 of them queue behind each other for up to 300 ms.
      const end = performance.now() + 0.5;
      while (performance.now() < end);
    });
    const sender = createSocket('udp4');
    for (let i = 0; i < 600; i++) sender.send(OPTIONS, transport.local.port, '127.0.0.1');
    await until('the datagrams handled', () => handled.length === 600 || `${handled.length}`, {
      timeoutMs: 10_000,
      intervalMs: 10,
    });
    sender.close();
    expect(worst).toBeGreaterThan(100);
    await until('the delay low again once the queue is empty', () => transport.receiveDelayMs() < 20, {
      timeoutMs: 3000,
      intervalMs: 20,
    });
  });

  it('reads a datagram shaped like a probe, but not from its probe, as any other', async () => {
    const { handled } = await measured();
    const sender = createSocket('udp4');
    const forged = Buffer.concat([Buffer.from('vaxel-queue-probe'), Buffer.alloc(16), Buffer.alloc(8)]);
    forged.writeDoubleBE(-1e9, forged.length - 8);
    await new Promise<void>((resolve) => sender.send(forged, transport.local.port, '127.0.0.1', () => resolve()));
    sender.send(OPTIONS, transport.local.port, '127.0.0.1');
    await until('the OPTIONS handled', () => handled.length === 1, { timeoutMs: 2000, intervalMs: 10 });
    sender.close();
    expect(transport.receiveDelayMs()).toBeLessThan(1000);
  });
});
