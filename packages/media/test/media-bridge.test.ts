import { createSocket, type Socket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeG711,
  DtmfDetector,
  goertzelPower,
  encodeG711,
  MediaBridge,
  RtpEndpoint,
  RtpPacket,
  RtpPortPool,
  TelephoneEvent,
  TelephoneEventSender,
  transcodeG711,
} from '../src/index.ts';

/** A minimal softphone: a UDP socket that sends RTP to the switch and collects what comes back. */
class Phone {
  readonly received: RtpPacket[] = [];
  #sequenceNumber = 1000;
  #timestamp = 50_000;
  #waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(
    readonly socket: Socket,
    readonly ssrc: number,
  ) {
    socket.on('message', (bytes) => {
      this.received.push(RtpPacket.parse(bytes));
      this.#waiters = this.#waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
    });
  }

  static async start(ssrc: number): Promise<Phone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new Phone(socket, ssrc);
  }

  get port(): number {
    return this.socket.address().port;
  }

  sendAudio(to: RtpEndpoint, payloadType: number, payload: Uint8Array): void {
    const packet = RtpPacket.create({
      payloadType,
      sequenceNumber: this.#sequenceNumber++ & 0xffff,
      timestamp: this.#timestamp,
      ssrc: this.ssrc,
      payload,
    });
    this.#timestamp += payload.length;
    this.socket.send(packet.bytes, to.localPort, '127.0.0.1');
  }

  pressKey(to: RtpEndpoint, payloadType: number, event: number): void {
    const timestamp = this.#timestamp;
    const durations = [160, 320, 480, 640, 640, 640];
    durations.forEach((duration, i) => {
      const packet = RtpPacket.create({
        payloadType,
        sequenceNumber: this.#sequenceNumber++ & 0xffff,
        timestamp,
        ssrc: this.ssrc,
        marker: i === 0,
        payload: TelephoneEvent.create({ event, duration, end: i >= 3 }).bytes,
      });
      this.socket.send(packet.bytes, to.localPort, '127.0.0.1');
    });
    this.#timestamp += 640;
  }

  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  close(): void {
    this.socket.close();
  }
}

function tone(samples: number, frequency: number): Int16Array {
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * frequency * i) / 8000));
  return pcm;
}

let pool: RtpPortPool;
let alice: Phone;
let bob: Phone;
let aliceLeg: RtpEndpoint;
let bobLeg: RtpEndpoint;

beforeEach(async () => {
  pool = new RtpPortPool({ minPort: 28000, maxPort: 28099, address: '127.0.0.1' });
  alice = await Phone.start(0xa11ce);
  bob = await Phone.start(0xb0b);
  aliceLeg = await RtpEndpoint.open(pool);
  bobLeg = await RtpEndpoint.open(pool);
  aliceLeg.setRemote({ address: '127.0.0.1', port: alice.port });
  bobLeg.setRemote({ address: '127.0.0.1', port: bob.port });
});

afterEach(() => {
  aliceLeg.close();
  bobLeg.close();
  expect(pool.inUse).toBe(0);
  pool.close();
  alice.close();
  bob.close();
});

function bridge(): MediaBridge {
  return new MediaBridge(
    { endpoint: aliceLeg, codec: 'PCMU', telephoneEventPayloadType: 101 },
    { endpoint: bobLeg, codec: 'PCMA', telephoneEventPayloadType: 96 },
  );
}

describe('MediaBridge between two UDP phones', () => {
  it('delivers PCMU from alice to bob as PCMA in one consistent stream', async () => {
    bridge();
    const frames = [0, 1, 2, 3, 4].map((i) => encodeG711('PCMU', tone(160, 400 + i * 100)));
    for (const frame of frames) alice.sendAudio(aliceLeg, 0, frame);
    await bob.waitFor(5);
    expect(bob.received.map((p) => p.payloadType)).toEqual([8, 8, 8, 8, 8]);
    bob.received.forEach((packet, i) => {
      expect([...packet.payload]).toEqual([...transcodeG711('PCMU', 'PCMA', frames[i]!)]);
      expect(packet.ssrc).toBe(bobLeg.ssrc);
    });
    const first = bob.received[0]!;
    expect(first.marker).toBe(true);
    bob.received.slice(1).forEach((packet, i) => {
      expect((packet.sequenceNumber - first.sequenceNumber) & 0xffff).toBe(i + 1);
      expect((packet.timestamp - first.timestamp) >>> 0).toBe((i + 1) * 160);
    });
  });

  it('delivers PCMA from bob to alice as PCMU', async () => {
    bridge();
    const frame = encodeG711('PCMA', tone(160, 1000));
    bob.sendAudio(bobLeg, 8, frame);
    await alice.waitFor(1);
    const packet = alice.received[0]!;
    expect(packet.payloadType).toBe(0);
    expect([...packet.payload]).toEqual([...transcodeG711('PCMA', 'PCMU', frame)]);
    expect(packet.ssrc).toBe(aliceLeg.ssrc);
  });

  it('passes DTMF through with the payload type mapped from 101 to 96, heard as one digit', async () => {
    bridge();
    alice.pressKey(aliceLeg, 101, 5);
    await bob.waitFor(6);
    expect(bob.received.every((p) => p.payloadType === 96)).toBe(true);
    expect(new Set(bob.received.map((p) => p.timestamp)).size).toBe(1);
    const detector = new DtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    for (const packet of bob.received) detector.push(packet);
    expect(digits).toEqual(['5']);
    expect(TelephoneEvent.parse(bob.received[5]!.payload)).toMatchObject({ event: 5, end: true, duration: 640 });
  });

  it('lets the switch hear a digit on the leg it came from while it is forwarded', async () => {
    bridge();
    const detector = new DtmfDetector();
    const heard = new Promise<string>((resolve) => detector.on('digit', (e) => resolve(e.digit)));
    const stopListening = detector.listen(aliceLeg, 101);
    alice.pressKey(aliceLeg, 101, 11);
    expect(await heard).toBe('#');
    await bob.waitFor(6);
    stopListening();
  });

  it('plays DTMF as in-band tones towards a leg that did not negotiate telephone-event', async () => {
    const relay = new MediaBridge(
      { endpoint: aliceLeg, codec: 'PCMU', telephoneEventPayloadType: 101 },
      { endpoint: bobLeg, codec: 'PCMA' },
    );
    alice.pressKey(aliceLeg, 101, 9);
    await bob.waitFor(4);
    expect(bob.received.map((p) => p.payloadType)).toEqual([8, 8, 8, 8]);
    const heard = decodeG711('PCMA', Buffer.concat(bob.received.map((p) => p.payload)));
    const power = (frequency: number) => goertzelPower(heard, frequency);
    for (const other of [697, 770, 941, 1209, 1336, 1633]) {
      expect(power(852)).toBeGreaterThan(power(other) * 20);
      expect(power(1477)).toBeGreaterThan(power(other) * 20);
    }
    expect(relay.stats.forwardedAToB).toBe(4);
  });

  it('lets the switch send DTMF to a leg while audio is bridged, keeping one consistent stream', async () => {
    bridge();
    const dtmf = new TelephoneEventSender(bobLeg, { payloadType: 96 });
    const digit = dtmf.sendDigit('4', 60);
    for (let i = 0; i < 5; i++) {
      alice.sendAudio(aliceLeg, 0, encodeG711('PCMU', tone(160, 600)));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await digit;
    await bob.waitFor(10);
    const packets = bob.received;
    packets.slice(1).forEach((p, i) => expect((p.sequenceNumber - packets[i]!.sequenceNumber) & 0xffff).toBe(1));
    expect(new Set(packets.map((p) => p.ssrc)).size).toBe(1);
    const events = packets.filter((p) => p.payloadType === 96);
    const audio = packets.filter((p) => p.payloadType === 8);
    expect(events).toHaveLength(5);
    expect(new Set(events.map((p) => p.timestamp)).size).toBe(1);
    audio.slice(1).forEach((p, i) => expect((p.timestamp - audio[i]!.timestamp) >>> 0).toBe(160));
  });

  it('drops DTMF towards a leg without telephone-event when in-band fallback is off', async () => {
    const relay = new MediaBridge(
      { endpoint: aliceLeg, codec: 'PCMU', telephoneEventPayloadType: 101 },
      { endpoint: bobLeg, codec: 'PCMU' },
      { inbandDtmfFallback: false },
    );
    alice.pressKey(aliceLeg, 101, 1);
    alice.sendAudio(aliceLeg, 0, encodeG711('PCMU', tone(160, 500)));
    await bob.waitFor(1);
    expect(bob.received.map((p) => p.payloadType)).toEqual([0]);
    expect(relay.stats.dropped).toBe(6);
  });

  it('stops forwarding when unbridged and continues the same stream when re-bridged', async () => {
    const first = bridge();
    alice.sendAudio(aliceLeg, 0, new Uint8Array(160).fill(1));
    await bob.waitFor(1);
    first.close();
    first.close();
    const heardWhileUnbridged = new Promise((resolve) => aliceLeg.once('rtp', resolve));
    alice.sendAudio(aliceLeg, 0, new Uint8Array(160).fill(2));
    await heardWhileUnbridged;
    bridge();
    alice.sendAudio(aliceLeg, 0, new Uint8Array(160).fill(3));
    await bob.waitFor(2);
    const [before, after] = bob.received;
    expect(after!.payload[0]).toBe(transcodeG711('PCMU', 'PCMA', Uint8Array.of(3))[0]);
    expect(after!.ssrc).toBe(before!.ssrc);
    expect((after!.sequenceNumber - before!.sequenceNumber) & 0xffff).toBe(1);
    expect(after!.marker).toBe(true);
  });

  it('closes itself when one of its endpoints closes', () => {
    const relay = bridge();
    let closes = 0;
    relay.on('close', () => closes++);
    bobLeg.close();
    expect(relay.closed).toBe(true);
    expect(closes).toBe(1);
  });

  it('refuses to bridge an endpoint to itself', () => {
    expect(() => new MediaBridge({ endpoint: aliceLeg, codec: 'PCMU' }, { endpoint: aliceLeg, codec: 'PCMA' })).toThrow(
      RangeError,
    );
  });
});
