/**
 * Floods and reflection (issue 10) against the switch with its default flood limits, with real
 * peers on loopback: sipp floods OPTIONS and INVITEs from 127.0.0.5 while a registered phone
 * (127.0.0.3) and the trunk (127.0.0.2) place calls that must be answered; the flooding source
 * stops getting answers; one spoofed INVITE draws exactly one 407 and no transaction; the size
 * caps hold. Post-dial delays are printed, not asserted (timings belong in bench/).
 */
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { until } from '@vaxel/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Switch, type SipSecurityEvent } from '../src/index.ts';
import { expectNothingLeft, lastCall, phone, startWorld, stopWorld, type World } from './switchHarness.ts';
import { freePort, runSipp, startSipp, type SippProcess } from './sipp.ts';

let world: World;
const events: SipSecurityEvent[] = [];
beforeAll(async () => {
  world = await startWorld({ switch: { securityLog: { record: (event) => events.push(event) } } });
});
afterAll(async () => stopWorld(world));

/** A raw UDP peer on one loopback address: sends bytes, keeps every datagram it receives. */
async function rawPeer(
  address: string,
): Promise<{ socket: Socket; port: number; received: string[]; send(text: string | Buffer): Promise<void> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  const received: string[] = [];
  socket.on('message', (data) => received.push(data.toString('latin1')));
  const port = socket.address().port;
  return {
    socket,
    port,
    received,
    send: (bytes) =>
      new Promise<void>((resolve, reject) =>
        socket.send(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, world.switchPort, '127.0.0.1', (e) =>
          e ? reject(e) : resolve(),
        ),
      ),
  };
}

function request(
  method: string,
  address: string,
  port: number,
  options: { vias?: number; body?: string; proto?: string; id?: string } = {},
): string {
  const proto = options.proto ?? 'UDP';
  const id = options.id ?? Math.random().toString(36).slice(2);
  const extra = Array.from(
    { length: (options.vias ?? 1) - 1 },
    (_, i) => `Via: SIP/2.0/${proto} 192.0.2.${(i % 250) + 1}:5060;branch=z9hG4bKhop${i}\r\n`,
  ).join('');
  const body = options.body ?? '';
  return (
    `${method} sip:1002@127.0.0.1:${world.switchPort} SIP/2.0\r\nVia: SIP/2.0/${proto} ${address}:${port};branch=z9hG4bK${id};rport\r\n${extra}` +
    `From: <sip:probe@${address}>;tag=${id}\r\nTo: <sip:1002@127.0.0.1>\r\nCall-ID: ${id}@${address}\r\nCSeq: 1 ${method}\r\n` +
    `Contact: <sip:probe@${address}:${port}>\r\nMax-Forwards: 70\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

/** The registered phone's call, placed from 127.0.0.3 (Alice's device address). */
function aliceCalls(dialled: string) {
  const { alice } = world.seed;
  return runSipp({
    scenario: 'uac-call.xml',
    address: '127.0.0.3',
    port: freePort(),
    remotePort: world.switchPort,
    service: dialled,
    username: alice.username,
    password: alice.password,
    keys: { caller: alice.username, rtpport: String(freePort()) },
    pauseMs: 300,
  });
}

function flood(scenario: string): SippProcess {
  // -m/-l/-r after startSipp's own "-m 1 -l 1": sipp takes the last value of an option.
  return startSipp({
    scenario,
    address: '127.0.0.5',
    port: freePort(),
    remotePort: world.switchPort,
    service: '1002',
    timeoutSeconds: 60,
    extra: ['-m', '6000', '-l', '2000', '-r', '300'],
  });
}

async function postDialDelayMs(): Promise<number> {
  const record = await lastCall(world);
  expect(record.outcome).toBe('answered');
  return Date.parse(record.answeredAt!) - Date.parse(record.startedAt);
}

describe('an OPTIONS and INVITE flood from one address', () => {
  it('is dropped, while a registered phone and the trunk still get their calls answered', async () => {
    const { alice, numbers } = world.seed;
    const registered = await runSipp({
      scenario: 'register.xml',
      address: '127.0.0.3',
      port: freePort(),
      remotePort: world.switchPort,
      service: alice.username,
      username: alice.username,
      password: alice.password,
      keys: { expires: '600' },
    });
    expect(registered.code, registered.output + registered.errors).toBe(0);

    const floods = [flood('flood-options.xml'), flood('flood-invite.xml')];
    try {
      await until('the flooding address to be banned', () =>
        events.some((e) => e.type === 'ban' && e.source === '127.0.0.5'),
      );
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'flood', source: '127.0.0.5', kind: 'stranger', action: 'banned' }),
      );
      expect(events).toContainEqual({ type: 'ban', source: '127.0.0.5', reason: 'flood', seconds: 300, level: 1 });

      // The registered phone calls Bob while the flood goes on.
      const bob = await phone(world, world.seed.bob, 'uas-answer.xml');
      const caller = await aliceCalls('1002');
      expect(caller.code, caller.output + caller.errors).toBe(0);
      expect((await bob.done).code).toBe(0);
      const fromPhone = await postDialDelayMs();

      // A call from the trunk's address to Bob's number, still during the flood.
      const bobAgain = await phone(world, world.seed.bob, 'uas-answer.xml');
      const carrier = await runSipp({
        scenario: 'trunk-inbound-call.xml',
        port: freePort(),
        address: '127.0.0.2',
        remotePort: world.switchPort,
        service: numbers.bobLandline,
        keys: { caller: '+46701112233', rtpport: String(freePort()) },
        pauseMs: 300,
      });
      expect(carrier.code, carrier.output + carrier.errors).toBe(0);
      expect((await bobAgain.done).code).toBe(0);
      const fromTrunk = await postDialDelayMs();
      console.log(
        `post-dial delay (INVITE to answer, callee rings 200 ms) during the flood: registered phone ${fromPhone} ms, trunk ${fromTrunk} ms`,
      );

      // The flooding address gets nothing: its probe is sent before a stranger's, which is answered.
      const banned = await rawPeer('127.0.0.5');
      const other = await rawPeer('127.0.0.6');
      await banned.send(request('OPTIONS', '127.0.0.5', banned.port));
      await other.send(request('OPTIONS', '127.0.0.6', other.port));
      await until('the answer to the other address', () => other.received.length > 0);
      expect(other.received[0]).toMatch(/^SIP\/2\.0 200 /);
      expect(banned.received).toEqual([]);
      banned.socket.close();
      other.socket.close();
      // The operator sees the flood ban beside the authentication guard's.
      expect(world.sw.sipBans.list().bans).toContainEqual(
        expect.objectContaining({ address: '127.0.0.5', reason: 'flood', level: 1 }),
      );
      const dropped = world.sw.edgeStats().flood.dropped;
      expect(dropped).toBeGreaterThan(0);
      console.log(`messages from the flooding address dropped unread so far: ${dropped}`);
    } finally {
      for (const f of floods) f.kill();
      await Promise.all(floods.map((f) => f.done));
    }
    await expectNothingLeft(world);
  });
});

describe('after a restart', () => {
  it('knows the addresses of bindings restored from the store: a registered address is not banned where a stranger is', async () => {
    // Alice registered from 127.0.0.3 in the first test; a second switch on the same store starts afresh.
    const restartedEvents: SipSecurityEvent[] = [];
    const restarted = new Switch({
      store: world.seed.store,
      sipPort: freePort(),
      bindAddress: '127.0.0.1',
      advertisedAddress: '127.0.0.1',
      rtpPortRange: { min: 26200, max: 26219 },
      sipTimers: { T1: 50, T2: 400, T4: 200, timerD: 3200 },
      securityLog: { record: (event) => restartedEvents.push(event) },
    });
    await restarted.start();
    const send = (peer: Awaited<ReturnType<typeof rawPeer>>, address: string, text: string) =>
      new Promise<void>((resolve, reject) =>
        peer.socket.send(Buffer.from(text), restarted.sipPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      );
    const phoneAddress = await rawPeer('127.0.0.3');
    const stranger = await rawPeer('127.0.0.9');
    try {
      for (let i = 0; i < 30; i++)
        await send(phoneAddress, '127.0.0.3', request('OPTIONS', '127.0.0.3', phoneAddress.port));
      await until('answers to all 30 OPTIONS from the registered address', () => phoneAddress.received.length === 30);
      for (let i = 0; i < 30; i++) await send(stranger, '127.0.0.9', request('OPTIONS', '127.0.0.9', stranger.port));
      await until('the stranger to be banned', () =>
        restartedEvents.some((e) => e.type === 'ban' && e.source === '127.0.0.9'),
      );
      expect(restartedEvents.some((e) => e.source === '127.0.0.3')).toBe(false);
    } finally {
      phoneAddress.socket.close();
      stranger.socket.close();
      await restarted.stop();
    }
  });
});

describe('concurrent server transactions', () => {
  it('answers a stranger beyond 32 open server transactions 503 with Retry-After, statelessly', async () => {
    // Window limits loosened so that the bound, not the ban, is what this stranger meets.
    const bounded = new Switch({
      store: world.seed.store,
      sipPort: freePort(),
      bindAddress: '127.0.0.1',
      advertisedAddress: '127.0.0.1',
      rtpPortRange: { min: 26220, max: 26239 },
      sipTimers: { T1: 50, T2: 400, T4: 200, timerD: 3200 },
      flood: { perWindow: { stranger: 1000 } },
    });
    await bounded.start();
    const peer = await rawPeer('127.0.0.10');
    try {
      for (let i = 0; i < 40; i++) {
        const text = request('OPTIONS', '127.0.0.10', peer.port);
        await new Promise<void>((resolve, reject) =>
          peer.socket.send(Buffer.from(text), bounded.sipPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
        );
      }
      await until('an answer to each of the 40 OPTIONS', () => peer.received.length === 40);
      const statuses = peer.received.map((r) => Number(r.slice(8, 11)));
      // Each answered OPTIONS holds its transaction for Timer J (64·T1 = 3.2 s here), so the 33rd on is refused.
      expect(statuses.filter((s) => s === 200)).toHaveLength(32);
      expect(statuses.filter((s) => s === 503)).toHaveLength(8);
      expect(peer.received.find((r) => r.startsWith('SIP/2.0 503'))).toMatch(/\r\nRetry-After: 5\r\n/);
      expect(bounded.edgeStats().serverTransactions).toBe(32);
    } finally {
      peer.socket.close();
      await bounded.stop();
    }
  });
});

describe('reflection', () => {
  it('answers one INVITE without credentials with one 407 sent without a transaction', async () => {
    const before = world.sw.edgeStats().statelessResponses;
    const spoofed = await rawPeer('127.0.0.7');
    await spoofed.send(request('INVITE', '127.0.0.7', spoofed.port));
    await until('the 407', () => spoofed.received.length > 0);
    expect(spoofed.received[0]).toMatch(/^SIP\/2\.0 407 /);
    expect(spoofed.received[0]).toMatch(/\r\nProxy-Authenticate: Digest /i);
    // No server transaction holds the 407, so nothing is left to retransmit it (Timer G, §17.2.1)
    // even though no ACK ever comes.
    expect(world.sw.edgeStats()).toMatchObject({ serverTransactions: 0, statelessResponses: before + 1 });
    expect(world.sw.stats().transactions).toBe(0);
    spoofed.socket.close();
  });
});

describe('size caps', () => {
  it('drops a 20 KiB datagram without an answer and answers the next small request', async () => {
    const peer = await rawPeer('127.0.0.8');
    await peer.send(request('OPTIONS', '127.0.0.8', peer.port, { body: 'x'.repeat(20 * 1024), id: 'big' }));
    await peer.send(request('OPTIONS', '127.0.0.8', peer.port, { id: 'small' }));
    await until('the answer to the small OPTIONS', () => peer.received.length > 0);
    expect(peer.received).toHaveLength(1);
    expect(peer.received[0]).toContain('Call-ID: small@127.0.0.8');
    peer.socket.close();
  });

  it('answers a request with 71 Via values 513 Message Too Large', async () => {
    const peer = await rawPeer('127.0.0.8');
    await peer.send(request('OPTIONS', '127.0.0.8', peer.port, { vias: 71 }));
    await until('the 513', () => peer.received.length > 0);
    expect(peer.received[0]).toMatch(/^SIP\/2\.0 513 Message Too Large\r\n/);
    peer.socket.close();
  });

  it('answers a 70 KiB TCP message 513 and closes the connection', async () => {
    const socket = connect({ port: world.switchPort, host: '127.0.0.1', localAddress: '127.0.0.8' });
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(request('OPTIONS', '127.0.0.8', socket.localPort!, { proto: 'TCP', body: 'x'.repeat(70 * 1024) }));
    await closed;
    expect(answer).toMatch(/^SIP\/2\.0 513 Message Too Large\r\n/);
  });
});
