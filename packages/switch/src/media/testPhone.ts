/**
 * A minimal RTP peer for tests of the call media (a UDP socket on 127.0.0.1, or another loopback
 * address for a stranger, that sends what a phone would and keeps what it hears). Not used by
 * production code.
 */
import { createSocket, type Socket } from 'node:dgram';
import { decodeG711, encodeG711, RtpPacket, TelephoneEvent, digitToEvent, type G711Codec } from '@vaxel/media';

export class TestPhone {
  readonly received: RtpPacket[] = [];
  #sequenceNumber = 1000;
  #timestamp = 50_000;

  private constructor(
    readonly socket: Socket,
    readonly codec: { codec: G711Codec; payloadType: number },
    readonly telephoneEventPayloadType: number | null,
  ) {
    socket.on('message', (bytes) => {
      try {
        this.received.push(RtpPacket.parse(bytes));
      } catch {
        // RTCP or noise: not audio.
      }
    });
  }

  static async start(
    codec: G711Codec = 'PCMU',
    telephoneEventPayloadType: number | null = 101,
    address = '127.0.0.1',
  ): Promise<TestPhone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    return new TestPhone(socket, { codec, payloadType: codec === 'PCMU' ? 0 : 8 }, telephoneEventPayloadType);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** The phone's SDP (offer or answer). */
  sdp(): string {
    const { payloadType, codec } = this.codec;
    const te = this.telephoneEventPayloadType;
    return [
      'v=0',
      'o=- 1 1 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      `m=audio ${this.port} RTP/AVP ${payloadType}${te === null ? '' : ` ${te}`}`,
      `a=rtpmap:${payloadType} ${codec}/8000`,
      ...(te === null ? [] : [`a=rtpmap:${te} telephone-event/8000`, `a=fmtp:${te} 0-15`]),
      'a=sendrecv',
      '',
    ].join('\r\n');
  }

  /** Audio packets received, decoded in arrival order. */
  heardAudio(): Int16Array {
    const audio = this.received.filter((p) => p.payloadType === this.codec.payloadType);
    const out = new Int16Array(audio.length * 160);
    let at = 0;
    for (const packet of audio) {
      const samples = decodeG711(this.codec.codec, packet.payload);
      out.set(samples, at);
      at += samples.length;
    }
    return out.subarray(0, at);
  }

  /** Sends samples as 20 ms audio packets (all at once: timestamps carry the timing). */
  sendAudio(port: number, samples: Int16Array): void {
    for (let at = 0; at < samples.length; at += 160) {
      const packet = RtpPacket.create({
        payloadType: this.codec.payloadType,
        sequenceNumber: this.#sequenceNumber++ & 0xffff,
        timestamp: this.#timestamp,
        ssrc: 0x5eed,
        payload: encodeG711(this.codec.codec, samples.subarray(at, at + 160)),
      });
      this.#timestamp = (this.#timestamp + 160) >>> 0;
      this.socket.send(packet.bytes, port, '127.0.0.1');
    }
  }

  /** Leaves out the next `count` packets, as a network that lost them would (their numbers and time pass). */
  skip(count: number): void {
    this.#sequenceNumber += count;
    this.#timestamp = (this.#timestamp + 160 * count) >>> 0;
  }

  /** One key press as RFC 4733 events: updates, then the end packet three times (§2.5.1.4). */
  pressKey(port: number, digit: string): void {
    const te = this.telephoneEventPayloadType;
    if (te === null) throw new Error('this phone did not negotiate telephone-event');
    const timestamp = this.#timestamp;
    const durations = [400, 800, 1200];
    const packets = [
      ...durations.map((duration, i) => ({ duration, end: false, marker: i === 0 })),
      ...[0, 1, 2].map(() => ({ duration: 1200, end: true, marker: false })),
    ];
    for (const { duration, end, marker } of packets) {
      const packet = RtpPacket.create({
        payloadType: te,
        sequenceNumber: this.#sequenceNumber++ & 0xffff,
        timestamp,
        ssrc: 0x5eed,
        marker,
        payload: TelephoneEvent.create({ event: digitToEvent(digit), duration, end }).bytes,
      });
      this.socket.send(packet.bytes, port, '127.0.0.1');
    }
    this.#timestamp = (this.#timestamp + 1200) >>> 0;
  }

  close(): void {
    this.socket.close();
  }
}
