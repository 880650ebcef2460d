import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CallRecorder,
  decodeG711,
  encodeG711,
  MediaBridge,
  parseWav,
  pcm16Wav,
  Player,
  Recorder,
  RtpEndpoint,
  RtpPacket,
  RtpPortPool,
  wavSamples,
} from '../src/index.ts';

let pool: RtpPortPool;
let dir: string;
const sockets: Socket[] = [];

async function phone(): Promise<{ socket: Socket; received: RtpPacket[]; waitFor(count: number): Promise<void> }> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const received: RtpPacket[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  socket.on('message', (bytes) => {
    received.push(RtpPacket.parse(bytes));
    for (const waiter of waiters) if (received.length >= waiter.count) waiter.resolve();
  });
  return {
    socket,
    received,
    waitFor: (count) =>
      received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

function tone(samples: number): Int16Array {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(5000 * Math.sin((2 * Math.PI * 300 * i) / 8000));
  return pcm;
}

beforeEach(async () => {
  pool = new RtpPortPool({ minPort: 28200, maxPort: 28299, address: '127.0.0.1' });
  dir = await mkdtemp(join(tmpdir(), 'vaxel-player-'));
});

afterEach(async () => {
  pool.close();
  for (const socket of sockets.splice(0)) socket.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Player onto a real endpoint', () => {
  it('plays a WAVE prompt to the phone as 20 ms PCMA frames, then ends', async () => {
    const caller = await phone();
    const endpoint = await RtpEndpoint.open(pool);
    endpoint.setRemote({ address: '127.0.0.1', port: caller.socket.address().port });
    const prompt = tone(800);
    const player = Player.fromWav(endpoint, pcm16Wav(prompt), { codec: 'PCMA' });
    player.start();
    expect(await player.done).toBe('ended');
    await caller.waitFor(5);
    expect(caller.received).toHaveLength(5);
    const first = caller.received[0]!;
    expect(first.marker).toBe(true);
    expect(first.ssrc).toBe(endpoint.ssrc);
    caller.received.forEach((packet, i) => {
      expect(packet.payloadType).toBe(8);
      expect((packet.timestamp - first.timestamp) >>> 0).toBe(i * 160);
      expect((packet.sequenceNumber - first.sequenceNumber) & 0xffff).toBe(i);
    });
    const heard = decodeG711('PCMA', Buffer.concat(caller.received.map((p) => p.payload)));
    heard.forEach((sample, i) => expect(Math.abs(sample - prompt[i]!)).toBeLessThan(200));
    endpoint.close();
    expect(pool.inUse).toBe(0);
  });

  it('keeps one stream for the phone across bridge, hold music and bridge again', async () => {
    const alice = await phone();
    const bob = await phone();
    const aliceLeg = await RtpEndpoint.open(pool);
    const bobLeg = await RtpEndpoint.open(pool);
    aliceLeg.setRemote({ address: '127.0.0.1', port: alice.socket.address().port });
    bobLeg.setRemote({ address: '127.0.0.1', port: bob.socket.address().port });
    const sendFromAlice = (sequenceNumber: number) =>
      alice.socket.send(
        RtpPacket.create({
          payloadType: 0,
          sequenceNumber,
          timestamp: sequenceNumber * 160,
          ssrc: 5,
          payload: new Uint8Array(160).fill(0x7f),
        }).bytes,
        aliceLeg.localPort,
        '127.0.0.1',
      );
    const legs = () => new MediaBridge({ endpoint: aliceLeg, codec: 'PCMU' }, { endpoint: bobLeg, codec: 'PCMU' });

    const talking = legs();
    sendFromAlice(1);
    await bob.waitFor(1);
    talking.close();
    const holdMusic = new Player(bobLeg, tone(480), { codec: 'PCMU' });
    holdMusic.start();
    await holdMusic.done;
    await bob.waitFor(4);
    legs();
    sendFromAlice(2);
    await bob.waitFor(5);

    const packets = bob.received;
    expect(new Set(packets.map((p) => p.ssrc))).toEqual(new Set([bobLeg.ssrc]));
    packets.slice(1).forEach((packet, i) => {
      expect((packet.sequenceNumber - packets[i]!.sequenceNumber) & 0xffff).toBe(1);
      expect((packet.timestamp - packets[i]!.timestamp) >>> 0).toBeGreaterThanOrEqual(160);
    });
    expect(packets.map((p) => p.marker)).toEqual([true, true, false, false, true]);
    aliceLeg.close();
    bobLeg.close();
  });
});

describe('CallRecorder on real endpoints', () => {
  it('mixes both parties of a call and keeps recording when one leg closes', async () => {
    const alice = await phone();
    const bob = await phone();
    const aliceLeg = await RtpEndpoint.open(pool);
    const bobLeg = await RtpEndpoint.open(pool);
    aliceLeg.setRemote({ address: '127.0.0.1', port: alice.socket.address().port });
    bobLeg.setRemote({ address: '127.0.0.1', port: bob.socket.address().port });
    const path = join(dir, 'call.wav');
    const recorder = await CallRecorder.create(path);
    recorder.attach(aliceLeg);
    recorder.attach(bobLeg);
    let arrived = 0;
    const bothArrived = new Promise<void>((resolve) => {
      const count = () => {
        if (++arrived === 2) resolve();
      };
      aliceLeg.on('rtp', count);
      bobLeg.on('rtp', count);
    });
    const speak = (from: Socket, to: RtpEndpoint, value: number) =>
      from.send(
        RtpPacket.create({
          payloadType: 0,
          sequenceNumber: 1,
          timestamp: 1,
          ssrc: value,
          payload: encodeG711('PCMU', new Int16Array(160).fill(value)),
        }).bytes,
        to.localPort,
        '127.0.0.1',
      );
    speak(alice.socket, aliceLeg, 1000);
    speak(bob.socket, bobLeg, 3000);
    await bothArrived;
    bobLeg.close();
    expect(recorder.recording).toBe(true);
    await recorder.stop();
    const samples = wavSamples(parseWav(await readFile(path)));
    expect(Math.max(...samples)).toBeGreaterThan(900);
    aliceLeg.close();
  });
});

describe('Recorder on a real endpoint', () => {
  it('writes what the phone sends to a WAVE file', async () => {
    const caller = await phone();
    const endpoint = await RtpEndpoint.open(pool);
    endpoint.setRemote({ address: '127.0.0.1', port: caller.socket.address().port });
    const path = join(dir, 'voicemail.wav');
    const recorder = await Recorder.create(path);
    recorder.attach(endpoint);
    const spoken = tone(1600);
    let arrived = 0;
    const allArrived = new Promise<void>((resolve) =>
      endpoint.on('rtp', () => {
        if (++arrived === 10) resolve();
      }),
    );
    for (let i = 0; i < 10; i++) {
      const payload = encodeG711('PCMU', spoken.subarray(i * 160, (i + 1) * 160));
      const packet = RtpPacket.create({
        payloadType: 0,
        sequenceNumber: i,
        timestamp: 1000 + i * 160,
        ssrc: 9,
        payload,
      });
      caller.socket.send(packet.bytes, endpoint.localPort, '127.0.0.1');
    }
    await allArrived;
    const result = await recorder.stop();
    expect(result.durationMs).toBe(200);
    const samples = wavSamples(parseWav(await readFile(path)));
    expect(samples).toHaveLength(1600);
    samples.forEach((sample, i) => expect(Math.abs(sample - spoken[i]!)).toBeLessThan(200));
    endpoint.close();
  });
});
