/**
 * One contract, every transport: UDP and TCP on 127.0.0.1 and ::1 must deliver messages the
 * same way (hono's common.case.test style). Real sockets on loopback.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { InvalidStateError, TransportError } from '../src/message/errors.ts';
import { createRequest, createResponse, topVia, type SipRequest, type SipResponse } from '../src/message/message.ts';
import { formatHost, parseUri } from '../src/message/uri.ts';
import { responseTarget } from '../src/transport/received.ts';
import { TcpTransport } from '../src/transport/tcp-transport.ts';
import type { ReceivedMessage, Transport } from '../src/transport/transport.ts';
import { UdpTransport } from '../src/transport/udp-transport.ts';

interface Implementation {
  readonly name: string;
  readonly host: string;
  readonly create: (options?: { maxMessageSize?: number }) => Transport;
}

const implementations: Implementation[] = [
  { name: 'UDP over IPv4', host: '127.0.0.1', create: (o) => new UdpTransport({ host: '127.0.0.1', port: 0, ...o }) },
  { name: 'UDP over IPv6', host: '::1', create: (o) => new UdpTransport({ host: '::1', port: 0, ...o }) },
  { name: 'TCP over IPv4', host: '127.0.0.1', create: (o) => new TcpTransport({ host: '127.0.0.1', port: 0, ...o }) },
  { name: 'TCP over IPv6', host: '::1', create: (o) => new TcpTransport({ host: '::1', port: 0, ...o }) },
];

function nextMessage(transport: Transport): Promise<ReceivedMessage> {
  return new Promise((resolve) => {
    const off = transport.onMessage((received) => {
      off();
      resolve(received);
    });
  });
}

function options(transport: Transport, viaHost = 'client.invalid', body = ''): SipRequest {
  return createRequest({
    method: 'OPTIONS',
    uri: parseUri('sip:server@example.com'),
    headers: [
      [
        'Via',
        `SIP/2.0/${transport.protocol} ${formatHost(viaHost)}:${transport.local.port};branch=z9hG4bK-${Math.random().toString(36).slice(2)};rport`,
      ],
      ['Max-Forwards', '70'],
      ['From', '<sip:client@example.com>;tag=c1'],
      ['To', '<sip:server@example.com>'],
      ['Call-ID', `contract-${Math.random()}`],
      ['CSeq', '1 OPTIONS'],
    ],
    body,
  });
}

for (const impl of implementations) {
  describe(`Transport contract: ${impl.name}`, () => {
    const open: Transport[] = [];
    async function start(o?: { maxMessageSize?: number }): Promise<Transport> {
      const transport = impl.create(o);
      open.push(transport);
      await transport.listen();
      return transport;
    }

    afterEach(async () => {
      await Promise.all(open.splice(0).map((transport) => transport.close()));
    });

    it('binds to the requested host and a free port', async () => {
      const transport = await start();
      expect(transport.local.address).toBe(impl.host);
      expect(transport.local.port).toBeGreaterThan(0);
    });

    it('delivers a request with its body bytes and tells where it came from', async () => {
      const [server, client] = [await start(), await start()];
      const arrived = nextMessage(server);
      await client.send(options(client, impl.host, 'hello\u0000world'), server.local);
      const { message, source } = await arrived;
      expect(message.kind).toBe('request');
      expect(message.body).toEqual(Buffer.from('hello\u0000world'));
      expect(source).toMatchObject({ protocol: impl.create().protocol, address: impl.host });
    });

    it('stamps received and rport on the top Via (RFC 3581)', async () => {
      const [server, client] = [await start(), await start()];
      const arrived = nextMessage(server);
      await client.send(options(client), server.local);
      const { message, source } = await arrived;
      const via = topVia(message);
      expect(via.params.get('received')).toBe(impl.host);
      expect(via.params.get('rport')).toBe(String(source.port));
    });

    it('gets a response back to the client at the address the Via says', async () => {
      const [server, client] = [await start(), await start()];
      const arrived = nextMessage(server);
      await client.send(options(client), server.local);
      const { message, source } = await arrived;
      const answered = nextMessage(client);
      await server.send(
        createResponse(message as SipRequest, 200, { toTag: 's1' }),
        responseTarget(topVia(message), source.connectionId),
      );
      const response = (await answered).message as SipResponse;
      expect(response.status).toBe(200);
      expect(server.connectionCount).toBe(client.connectionCount);
    });

    it('answers a malformed request with the status the parser names', async () => {
      const [server, client] = [await start(), await start()];
      let delivered = false;
      server.onMessage(() => (delivered = true));
      const request = options(client, impl.host);
      request.headers.set('Max-Forwards', 'many');
      const answered = nextMessage(client);
      await client.send(request, server.local);
      const response = (await answered).message as SipResponse;
      expect(response.status).toBe(400);
      expect(delivered).toBe(false);
    });

    it('refuses to send a message over its size limit', async () => {
      const [server, client] = [await start(), await start({ maxMessageSize: 600 })];
      await expect(client.send(options(client, impl.host, 'x'.repeat(1000)), server.local)).rejects.toThrow(
        TransportError,
      );
    });

    it('can be closed twice, and refuses to send afterwards', async () => {
      const [server, client] = [await start(), await start()];
      await client.close();
      await client.close();
      await expect(client.send(options(server), server.local)).rejects.toThrow(InvalidStateError);
    });
  });
}

describe('TCP framing (RFC 3261 §18.3)', () => {
  const open: TcpTransport[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((transport) => transport.close()));
  });

  async function server(maxMessageSize?: number): Promise<TcpTransport> {
    const transport = new TcpTransport({
      host: '127.0.0.1',
      port: 0,
      ...(maxMessageSize !== undefined && { maxMessageSize }),
    });
    open.push(transport);
    await transport.listen();
    return transport;
  }

  const wire = (seq: number) =>
    `OPTIONS sip:s@example.com SIP/2.0\r\nVia: SIP/2.0/TCP c.example.com;branch=z9hG4bK${seq}\r\nFrom: <sip:c@example.com>;tag=1\r\n` +
    `To: <sip:s@example.com>\r\nCall-ID: framing\r\nCSeq: ${seq} OPTIONS\r\nContent-Length: 3\r\n\r\nabc`;

  it('cuts messages out of a byte stream however it is chunked', async () => {
    const transport = await server();
    const seen: number[] = [];
    const done = new Promise<void>((resolve) =>
      transport.onMessage(({ message }) => {
        seen.push(Number(message.headers.get('CSeq')!.split(' ')[0]));
        if (seen.length === 3) resolve();
      }),
    );
    const socket = connect(transport.local.port, '127.0.0.1');
    socket.on('error', () => undefined);
    const bytes = Buffer.from(`\r\n\r\n${wire(1)}${wire(2)}\r\n${wire(3)}`);
    for (let i = 0; i < bytes.length; i += 37) socket.write(bytes.subarray(i, i + 37));
    await done;
    socket.destroy();
    expect(seen).toEqual([1, 2, 3]);
  });

  it.each([
    ['a negative Content-Length', wire(1).replace('Content-Length: 3', 'Content-Length: -3')],
    ['no Content-Length', wire(1).replace('Content-Length: 3\r\n', '')],
    ['a header section over the limit', `OPTIONS sip:s@example.com SIP/2.0\r\nX-Filler: ${'y'.repeat(3000)}`],
  ])('closes a connection that sends %s', async (_, bytes) => {
    const transport = await server(2048);
    const socket = connect(transport.local.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    socket.write(bytes);
    await closed;
    expect(transport.connectionCount).toBe(0);
  });

  it('closes a connection that stays silent past the idle timeout', async () => {
    const clock = new FakeClock();
    const transport = new TcpTransport({ host: '127.0.0.1', port: 0, idleTimeoutMs: 30_000, clock });
    open.push(transport);
    await transport.listen();
    const socket = connect(transport.local.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined); // the server resets the connection
    socket.write(wire(1).slice(0, 40)); // half a message: the server waits for the rest
    while (transport.connectionCount === 0) await new Promise((resolve) => setImmediate(resolve));
    clock.advance(29_999);
    expect(transport.connectionCount).toBe(1);
    clock.advance(1);
    await closed;
    expect(transport.connectionCount).toBe(0);
  });
});
