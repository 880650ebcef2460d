import { createSocket, type Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { InvalidStateError } from './errors.ts';
import { RtpEndpoint } from './rtp-endpoint.ts';
import { RtpPacket } from './rtp-packet.ts';
import { RtpPortPool } from './rtp-port-pool.ts';
import { parseRtcp } from './rtcp-packet.ts';

let pool: RtpPortPool;
const sockets: Socket[] = [];

/** A UDP socket on a loopback address (127.0.0.1 by default; a stranger on another 127.0.0.x). */
async function phone(address = '127.0.0.1'): Promise<Socket> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return socket;
}

/** Waits for a condition a datagram's arrival makes true (loopback delivery is not synchronous). */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const at = (socket: Socket) => ({ address: socket.address().address, port: socket.address().port });

function audio(sequenceNumber: number): RtpPacket {
  return RtpPacket.create({
    payloadType: 0,
    sequenceNumber,
    timestamp: sequenceNumber * 160,
    ssrc: 77,
    payload: new Uint8Array(160),
  });
}

function sendFrom(socket: Socket, bytes: Uint8Array, port: number): void {
  socket.send(bytes, port, '127.0.0.1');
}

beforeEach(() => {
  pool = new RtpPortPool({ minPort: 27200, maxPort: 27299, address: '127.0.0.1' });
});

afterEach(() => {
  pool.close();
  for (const socket of sockets.splice(0)) socket.close();
});

describe('RtpEndpoint', () => {
  it('receives RTP from the SDP address and counts packets and bytes', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const sender = await phone();
    endpoint.setRemote(at(sender), { signalledFrom: '127.0.0.1' });
    const arrived = new Promise<RtpPacket>((resolve) => endpoint.on('rtp', (p) => resolve(p)));
    sendFrom(sender, audio(1).bytes, endpoint.localPort);
    const packet = await arrived;
    expect(packet.sequenceNumber).toBe(1);
    expect(endpoint.stats).toMatchObject({ packetsReceived: 1, bytesReceived: 172 });
  });

  it('for a phone behind NAT, latches onto the host its SIP came from and sends there instead of the SDP address', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const natted = await phone();
    endpoint.setRemote({ address: '127.0.0.50', port: 9 }, { signalledFrom: '127.0.0.1' });
    expect(endpoint.behindNat).toBe(true);
    const latched = new Promise((resolve) => endpoint.on('latch', resolve));
    sendFrom(natted, audio(1).bytes, endpoint.localPort);
    expect(await latched).toEqual({ address: '127.0.0.1', port: natted.address().port });
    const echoed = new Promise<Buffer>((resolve) => natted.once('message', resolve));
    expect(endpoint.send(audio(5))).toBe(true);
    const bytes = await echoed;
    expect(RtpPacket.parse(bytes).ssrc).toBe(endpoint.ssrc);
    expect(endpoint.stats).toMatchObject({ packetsSent: 1, bytesSent: 172 });
  });

  it('ignores RTP from a second port of the same host once latched', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const real = await phone();
    const intruder = await phone();
    endpoint.setRemote({ address: '127.0.0.50', port: 9 }, { signalledFrom: '127.0.0.1' });
    const sources: number[] = [];
    const two = new Promise<void>((resolve) =>
      endpoint.on('rtp', (_p, from) => {
        sources.push(from.port);
        if (sources.length === 2) resolve();
      }),
    );
    sendFrom(real, audio(1).bytes, endpoint.localPort);
    await new Promise((resolve) => endpoint.once('latch', resolve));
    sendFrom(intruder, audio(2).bytes, endpoint.localPort);
    sendFrom(real, audio(3).bytes, endpoint.localPort);
    await two;
    expect(sources).toEqual([real.address().port, real.address().port]);
    expect(endpoint.stats).toMatchObject({ strangerPacketsDropped: 1, packetsDropped: 0 });
  });

  it("drops a stranger's RTP and RTCP, counting them, and never sends to it", async () => {
    const tally = { strangerPacketsDropped: 0 };
    const endpoint = await RtpEndpoint.open(pool, { tally });
    const real = await phone();
    const stranger = await phone('127.0.0.9');
    endpoint.setRemote(at(real), { signalledFrom: '127.0.0.1' });
    let heard = 0;
    endpoint.on('rtp', () => heard++);
    endpoint.on('rtcp', () => heard++);
    let strangerGot = 0;
    stranger.on('message', () => strangerGot++);
    sendFrom(stranger, audio(1).bytes, endpoint.localPort);
    sendFrom(stranger, Uint8Array.of(0x80, 201, 0, 1, 0, 0, 0, 9), endpoint.localRtcpPort);
    sendFrom(stranger, Uint8Array.of(0x80, 201, 0, 1, 0, 0, 0, 9), endpoint.localPort);
    await until(() => endpoint.stats.strangerPacketsDropped === 3);
    // The real phone's packet comes after the stranger's: once it is heard, the stranger's were judged.
    const fromReal = new Promise<void>((resolve) => endpoint.once('rtp', () => resolve()));
    sendFrom(real, audio(2).bytes, endpoint.localPort);
    await fromReal;
    const echoed = new Promise<Buffer>((resolve) => real.once('message', resolve));
    endpoint.send(audio(3));
    await echoed;
    expect(heard).toBe(1);
    expect(strangerGot).toBe(0);
    expect(tally.strangerPacketsDropped).toBe(3);
    expect(endpoint.remote).toEqual(at(real));
  });

  it('does not let a stranger who sends first capture the port', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const natted = await phone();
    const stranger = await phone('127.0.0.9');
    // The phone's SDP names an address packets never come from (it is behind NAT).
    endpoint.setRemote({ address: '127.0.0.50', port: 4000 }, { signalledFrom: '127.0.0.1' });
    const latches: Array<{ address: string; port: number }> = [];
    endpoint.on('latch', (remote) => latches.push(remote));
    sendFrom(stranger, audio(1).bytes, endpoint.localPort);
    await until(() => endpoint.stats.strangerPacketsDropped === 1);
    expect(endpoint.latched).toBe(false);
    const heard = new Promise<void>((resolve) => endpoint.once('rtp', () => resolve()));
    sendFrom(natted, audio(2).bytes, endpoint.localPort);
    await heard;
    expect(latches).toEqual([at(natted)]);
    expect(endpoint.remote).toEqual(at(natted));
  });

  it('hears nothing before it has an SDP remote', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const sender = await phone();
    let heard = 0;
    endpoint.on('rtp', () => heard++);
    sendFrom(sender, audio(1).bytes, endpoint.localPort);
    await until(() => endpoint.stats.strangerPacketsDropped === 1);
    expect(heard).toBe(0);
    expect(endpoint.stats.packetsReceived).toBe(0);
  });

  it('re-learns the source after the SDP changes', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const first = await phone();
    const second = await phone();
    endpoint.setRemote({ address: '127.0.0.50', port: 9 }, { signalledFrom: '127.0.0.1' });
    sendFrom(first, audio(1).bytes, endpoint.localPort);
    await new Promise((resolve) => endpoint.once('latch', resolve));
    endpoint.setRemote({ address: '127.0.0.1', port: second.address().port });
    expect(endpoint.latched).toBe(false);
    expect(endpoint.remote).toEqual({ address: '127.0.0.1', port: second.address().port });
  });

  it('does not send before it knows a remote', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    expect(endpoint.send(audio(1))).toBe(false);
    expect(endpoint.stats.packetsSent).toBe(0);
  });

  it('emits parsed RTCP received on the RTCP port and muxed on the RTP port', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const sender = await phone();
    endpoint.setRemote(at(sender), { signalledFrom: '127.0.0.1' });
    const receiverReport = Uint8Array.of(0x80, 201, 0, 1, 0, 0, 0, 42);
    const reports: number[] = [];
    const two = new Promise<void>((resolve) =>
      endpoint.on('rtcp', (packets) => {
        const first = packets[0];
        if (first?.type === 'receiver-report') reports.push(first.ssrc);
        if (reports.length === 2) resolve();
      }),
    );
    sendFrom(sender, receiverReport, endpoint.localRtcpPort);
    sendFrom(sender, receiverReport, endpoint.localPort);
    await two;
    expect(reports).toEqual([42, 42]);
    expect(endpoint.stats.packetsReceived).toBe(0);
  });

  it('counts malformed datagrams as dropped without emitting', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const sender = await phone();
    endpoint.setRemote(at(sender));
    const good = new Promise<void>((resolve) => endpoint.on('rtp', () => resolve()));
    sendFrom(sender, Uint8Array.of(1, 2, 3), endpoint.localPort);
    sendFrom(sender, audio(1).bytes, endpoint.localPort);
    await good;
    expect(endpoint.stats.packetsDropped).toBe(1);
  });

  it('emits timeout once after the inactivity period without RTP, and again after RTP resumes', async () => {
    const clock = new FakeClock();
    const endpoint = await RtpEndpoint.open(pool, { clock, inactivityTimeoutMs: 30_000, rtcpIntervalMs: 0 });
    const sender = await phone();
    endpoint.setRemote(at(sender));
    let timeouts = 0;
    endpoint.on('timeout', () => timeouts++);
    clock.advance(29_999);
    expect(timeouts).toBe(0);
    clock.advance(1);
    expect(timeouts).toBe(1);
    clock.advance(60_000);
    expect(timeouts).toBe(1);
    const arrived = new Promise<void>((resolve) => endpoint.on('rtp', () => resolve()));
    sendFrom(sender, audio(1).bytes, endpoint.localPort);
    await arrived;
    clock.advance(30_000);
    expect(timeouts).toBe(2);
  });

  it('pushes the timeout back while RTP keeps arriving', async () => {
    const clock = new FakeClock();
    const endpoint = await RtpEndpoint.open(pool, { clock, inactivityTimeoutMs: 10_000, rtcpIntervalMs: 0 });
    const sender = await phone();
    endpoint.setRemote(at(sender));
    let timeouts = 0;
    endpoint.on('timeout', () => timeouts++);
    clock.advance(9_000);
    const arrived = new Promise<void>((resolve) => endpoint.on('rtp', () => resolve()));
    sendFrom(sender, audio(1).bytes, endpoint.localPort);
    await arrived;
    clock.advance(9_000);
    expect(timeouts).toBe(0);
    clock.advance(1_000);
    expect(timeouts).toBe(1);
  });

  it('closes once, releases its ports and refuses to send afterwards', async () => {
    const endpoint = await RtpEndpoint.open(pool, { inactivityTimeoutMs: 1000, clock: new FakeClock() });
    let closes = 0;
    endpoint.on('close', () => closes++);
    expect(pool.inUse).toBe(1);
    endpoint.close();
    endpoint.close();
    expect(closes).toBe(1);
    expect(pool.inUse).toBe(0);
    expect(() => endpoint.send(audio(1))).toThrow(InvalidStateError);
  });

  it('closes when its pool closes', async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const closed = new Promise<void>((resolve) => endpoint.on('close', resolve));
    pool.close();
    await closed;
    expect(endpoint.closed).toBe(true);
  });

  it('latches at most once: not onto a new port after the latched one has been silent', async () => {
    const clock = new FakeClock();
    const endpoint = await RtpEndpoint.open(pool, { clock, rtcpIntervalMs: 0 });
    const before = await phone();
    const after = await phone();
    endpoint.setRemote({ address: '127.0.0.50', port: 9 }, { signalledFrom: '127.0.0.1' });
    const latches: number[] = [];
    endpoint.on('latch', (remote) => latches.push(remote.port));
    const arrived = new Promise<void>((resolve) => endpoint.once('rtp', () => resolve()));
    sendFrom(before, audio(1).bytes, endpoint.localPort);
    await arrived;
    clock.advance(60_000);
    sendFrom(after, audio(2).bytes, endpoint.localPort);
    await until(() => endpoint.stats.strangerPacketsDropped === 1);
    expect(latches).toEqual([before.address().port]);
    expect(endpoint.remote).toEqual(at(before));
  });

  it("believes RTP from the SDP's own address over a source latched after the SDP changed", async () => {
    const endpoint = await RtpEndpoint.open(pool);
    const old = await phone();
    const current = await phone();
    endpoint.setRemote({ address: '127.0.0.1', port: current.address().port });
    const latches: number[] = [];
    endpoint.on('latch', (remote) => latches.push(remote.port));
    let arrived = new Promise((resolve) => endpoint.once('rtp', resolve));
    sendFrom(old, audio(1).bytes, endpoint.localPort);
    await arrived;
    arrived = new Promise((resolve) => endpoint.once('rtp', resolve));
    sendFrom(current, audio(2).bytes, endpoint.localPort);
    await arrived;
    // The old peer's packet (same host) was learnt, then the SDP's own address was heard.
    expect(latches).toEqual([old.address().port]);
    expect(endpoint.remote).toEqual({ address: '127.0.0.1', port: current.address().port });
    // The old peer's packets still in flight are ignored now.
    const sources: number[] = [];
    const fromCurrent = new Promise<void>((resolve) =>
      endpoint.on('rtp', (_p, from) => {
        sources.push(from.port);
        if (from.port === current.address().port) resolve();
      }),
    );
    sendFrom(old, audio(3).bytes, endpoint.localPort);
    sendFrom(current, audio(4).bytes, endpoint.localPort);
    await fromCurrent;
    expect(sources).toEqual([current.address().port]);
  });

  it('reports reception by RTCP to where the peer sends its RTCP from', async () => {
    const clock = new FakeClock();
    const endpoint = await RtpEndpoint.open(pool, { clock, rtcpIntervalMs: 5000 });
    const rtp = await phone();
    const rtcp = await phone();
    endpoint.setRemote(at(rtp), { signalledFrom: '127.0.0.1' });
    let arrived = new Promise<void>((resolve) => endpoint.once('rtp', () => resolve()));
    sendFrom(rtp, audio(1).bytes, endpoint.localPort);
    await arrived;
    arrived = new Promise<void>((resolve) => endpoint.once('rtcp', () => resolve()));
    sendFrom(rtcp, Uint8Array.of(0x80, 201, 0, 1, 0, 0, 0, 77), endpoint.localRtcpPort);
    await arrived;
    const report = new Promise<Buffer>((resolve) => rtcp.once('message', resolve));
    clock.advance(7500);
    const [receiverReport] = parseRtcp(await report);
    expect(receiverReport).toMatchObject({ type: 'receiver-report', ssrc: endpoint.ssrc });
    expect(endpoint.reception).toMatchObject({ ssrc: 77, packetsReceived: 1, packetsLost: 0 });
  });
});
