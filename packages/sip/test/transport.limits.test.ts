/**
 * The transports' caps and admission hook (issue 10) on real loopback sockets: a source refused
 * by `admit` and an oversized datagram are dropped unread; a TCP message over 64 KiB is answered
 * 513 and its connection closed; more than 70 Via values are answered 513.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpTransport } from '../src/transport/tcp-transport.ts';
import type { MessageSource, Transport } from '../src/transport/transport.ts';
import { UdpTransport } from '../src/transport/udp-transport.ts';

const request = (seq: number, options: { body?: string; vias?: number; proto?: string } = {}) => {
  const proto = options.proto ?? 'UDP';
  const vias = Array.from(
    { length: options.vias ?? 1 },
    (_, i) => `Via: SIP/2.0/${proto} 127.0.0.1:${5000 + i};branch=z9hG4bK${seq}x${i};rport\r\n`,
  ).join('');
  const body = options.body ?? '';
  return Buffer.from(
    `OPTIONS sip:s@127.0.0.1 SIP/2.0\r\n${vias}Max-Forwards: 70\r\nFrom: <sip:c@127.0.0.1>;tag=1\r\nTo: <sip:s@127.0.0.1>\r\n` +
      `Call-ID: limits-${seq}\r\nCSeq: ${seq} OPTIONS\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};

const open: Transport[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function udpServer(admit?: (source: MessageSource, response: boolean) => boolean) {
  const transport = new UdpTransport({ host: '127.0.0.1', port: 0, ...(admit && { admit }) });
  open.push(transport);
  await transport.listen();
  const seen: number[] = [];
  transport.onMessage(
    ({ message }) => message.kind === 'request' && seen.push(Number(message.headers.get('CSeq')!.split(' ')[0])),
  );
  return { transport, seen };
}

async function udpClient() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const received: string[] = [];
  socket.on('message', (data) => received.push(data.toString('latin1')));
  const send = (bytes: Buffer, port: number) =>
    new Promise<void>((resolve, reject) => socket.send(bytes, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  return { socket, received, send, port: () => socket.address().port };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('UDP caps and admission', () => {
  it('drops a 20 KiB datagram unread and delivers the next, smaller one', async () => {
    const { transport, seen } = await udpServer();
    const client = await udpClient();
    await client.send(request(1, { body: 'x'.repeat(20 * 1024) }), transport.local.port);
    await client.send(request(2, { body: 'x'.repeat(8 * 1024) }), transport.local.port);
    await until(() => seen.length > 0);
    expect(seen).toEqual([2]);
    expect(client.received).toEqual([]);
    client.socket.close();
  });

  it('asks admit before parsing and drops what it refuses, telling a response from a request', async () => {
    const asked: Array<{ port: number; response: boolean }> = [];
    const refused = await udpClient();
    const { transport, seen } = await udpServer((source, response) => {
      asked.push({ port: source.port, response });
      return source.port !== refused.port();
    });
    const allowed = await udpClient();
    // Unparseable bytes: were they parsed, they would be answered 400.
    await refused.send(
      Buffer.from('OPTIONS garbage\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKq\r\n\r\n'),
      transport.local.port,
    );
    await allowed.send(
      Buffer.from('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKr\r\n\r\n'),
      transport.local.port,
    );
    await allowed.send(request(3), transport.local.port);
    await until(() => seen.length > 0);
    expect(seen).toEqual([3]);
    expect(asked).toEqual([
      { port: refused.port(), response: false },
      { port: allowed.port(), response: true },
      { port: allowed.port(), response: false },
    ]);
    expect(refused.received).toEqual([]);
    refused.socket.close();
    allowed.socket.close();
  });

  it('answers a request with 71 Via values 513 and delivers one with 70', async () => {
    const { transport, seen } = await udpServer();
    const client = await udpClient();
    await client.send(request(4, { vias: 71 }), transport.local.port);
    await until(() => client.received.length > 0);
    expect(client.received[0]).toMatch(/^SIP\/2\.0 513 Message Too Large\r\n/);
    await client.send(request(5, { vias: 70 }), transport.local.port);
    await until(() => seen.length > 0);
    expect(seen).toEqual([5]);
    client.socket.close();
  });
});

describe('TCP caps', () => {
  async function tcpExchange(bytes: Buffer): Promise<{ answer: string; transport: TcpTransport; delivered: number }> {
    const transport = new TcpTransport({ host: '127.0.0.1', port: 0 });
    open.push(transport);
    await transport.listen();
    let delivered = 0;
    transport.onMessage(() => delivered++);
    const socket = connect(transport.local.port, '127.0.0.1');
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(bytes);
    await closed;
    return { answer, transport, delivered };
  }

  it('answers a 70 KiB message 513 Message Too Large and closes the connection', async () => {
    const { answer, transport, delivered } = await tcpExchange(
      request(6, { body: 'x'.repeat(70 * 1024), proto: 'TCP' }),
    );
    expect(answer).toMatch(/^SIP\/2\.0 513 Message Too Large\r\n/);
    expect(answer).toContain('CSeq: 6 OPTIONS');
    expect(delivered).toBe(0);
    expect(transport.connectionCount).toBe(0);
  });

  it('answers 71 Via values 513 over TCP too', async () => {
    const transport = new TcpTransport({ host: '127.0.0.1', port: 0 });
    open.push(transport);
    await transport.listen();
    const socket = connect(transport.local.port, '127.0.0.1');
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.write(request(7, { vias: 71, proto: 'TCP' }));
    await until(() => answer.includes('\r\n\r\n'));
    expect(answer).toMatch(/^SIP\/2\.0 513 Message Too Large\r\n/);
    socket.destroy();
  });
});
