import { describe, expect, it } from 'vitest';
import { isRtcp, RtpPacket } from './rtp-packet.ts';

describe('RtpPacket', () => {
  it('round-trips the fixed header fields and payload', () => {
    const packet = RtpPacket.create({
      payloadType: 0,
      sequenceNumber: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      marker: true,
      payload: Uint8Array.of(1, 2, 3),
    });
    const parsed = RtpPacket.parse(packet.bytes);
    expect(parsed.version).toBe(2);
    expect(parsed.marker).toBe(true);
    expect(parsed.payloadType).toBe(0);
    expect(parsed.sequenceNumber).toBe(65535);
    expect(parsed.timestamp).toBe(0xfffffff0);
    expect(parsed.ssrc).toBe(0xdeadbeef);
    expect([...parsed.payload]).toEqual([1, 2, 3]);
    expect(parsed.bytes.length).toBe(15);
  });

  it('reads CSRCs, a header extension and padding', () => {
    const packet = RtpPacket.create({
      payloadType: 8,
      sequenceNumber: 1,
      timestamp: 160,
      ssrc: 7,
      csrcs: [11, 22],
      extension: { profile: 0xbede, data: Uint8Array.of(0x10, 0xff, 0, 0) },
      payload: Uint8Array.of(9, 9),
      paddingLength: 4,
    });
    const parsed = RtpPacket.parse(Uint8Array.from(packet.bytes));
    expect(parsed.csrcs).toEqual([11, 22]);
    expect(parsed.extension?.profile).toBe(0xbede);
    expect([...parsed.extension!.data]).toEqual([0x10, 0xff, 0, 0]);
    expect(parsed.padding).toBe(true);
    expect(parsed.paddingLength).toBe(4);
    expect([...parsed.payload]).toEqual([9, 9]);
  });

  it('is a view: rewriting header fields and payload changes the same bytes', () => {
    const bytes = RtpPacket.create({
      payloadType: 0,
      sequenceNumber: 5,
      timestamp: 5,
      ssrc: 5,
      payload: Uint8Array.of(1),
    }).bytes;
    const packet = RtpPacket.parse(bytes);
    packet.payloadType = 8;
    packet.sequenceNumber = 6;
    packet.timestamp = 320;
    packet.ssrc = 42;
    packet.marker = true;
    packet.payload[0] = 0x55;
    const reread = RtpPacket.parse(bytes);
    expect([reread.payloadType, reread.sequenceNumber, reread.timestamp, reread.ssrc, reread.marker]).toEqual([
      8,
      6,
      320,
      42,
      true,
    ]);
    expect(reread.payload[0]).toBe(0x55);
  });

  it('reads a packet that sits inside a larger buffer at an offset', () => {
    const inner = RtpPacket.create({
      payloadType: 0,
      sequenceNumber: 9,
      timestamp: 1,
      ssrc: 2,
      payload: Uint8Array.of(4, 5),
    }).bytes;
    const outer = new Uint8Array(inner.length + 10);
    outer.set(inner, 5);
    const packet = RtpPacket.parse(outer.subarray(5, 5 + inner.length));
    expect(packet.sequenceNumber).toBe(9);
    expect([...packet.payload]).toEqual([4, 5]);
  });

  it('rejects bytes whose lengths do not add up with a RangeError', () => {
    expect(() => RtpPacket.parse(new Uint8Array(11))).toThrow(RangeError);
    const wrongVersion = new Uint8Array(12);
    wrongVersion[0] = 0x40;
    expect(() => RtpPacket.parse(wrongVersion)).toThrow(/version/);
    const tooManyCsrcs = new Uint8Array(16);
    tooManyCsrcs[0] = 0x82;
    expect(() => RtpPacket.parse(tooManyCsrcs)).toThrow(/CSRC/);
    const extensionTooLong = new Uint8Array(16);
    extensionTooLong[0] = 0x90;
    extensionTooLong[15] = 3;
    expect(() => RtpPacket.parse(extensionTooLong)).toThrow(/extension/);
    const paddingTooLong = new Uint8Array(14);
    paddingTooLong[0] = 0xa0;
    paddingTooLong[13] = 5;
    expect(() => RtpPacket.parse(paddingTooLong)).toThrow(/padding/);
  });

  it('rejects out-of-range header values', () => {
    const packet = RtpPacket.create({
      payloadType: 0,
      sequenceNumber: 0,
      timestamp: 0,
      ssrc: 0,
      payload: new Uint8Array(0),
    });
    expect(() => (packet.payloadType = 128)).toThrow(RangeError);
    expect(() => (packet.sequenceNumber = 65536)).toThrow(RangeError);
  });

  it('copies the header onto a new payload', () => {
    const packet = RtpPacket.create({
      payloadType: 0,
      sequenceNumber: 3,
      timestamp: 4,
      ssrc: 5,
      payload: Uint8Array.of(1, 2),
    });
    const other = packet.withPayload(Uint8Array.of(7, 7, 7));
    expect([other.sequenceNumber, other.timestamp, other.ssrc]).toEqual([3, 4, 5]);
    expect([...other.payload]).toEqual([7, 7, 7]);
    expect([...packet.payload]).toEqual([1, 2]);
  });
});

describe('isRtcp', () => {
  it('tells RTCP packet types 192..223 from RTP payload types on a muxed port', () => {
    expect(isRtcp(Uint8Array.of(0x80, 200))).toBe(true);
    expect(isRtcp(Uint8Array.of(0x80, 0))).toBe(false);
    expect(isRtcp(Uint8Array.of(0x80, 0x80 | 8))).toBe(false);
  });
});
