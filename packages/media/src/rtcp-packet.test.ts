import { describe, expect, it } from 'vitest';
import { parseRtcp } from './rtcp-packet.ts';

function words(...values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return bytes;
}

describe('parseRtcp', () => {
  it('splits a compound SR + SDES + BYE datagram', () => {
    const sr = words(0x81c8000c, 0x1234, 1, 2, 160, 10, 1600, 0x5678, 0x02fffffe, 100, 3, 4, 5);
    const sdes = words(0x81ca0001, 0x1234);
    const bye = new Uint8Array([...words(0x81cb0003, 0x1234), 4, 0x62, 0x79, 0x65, 0x21, 0, 0, 0]);
    const packets = parseRtcp(new Uint8Array([...sr, ...sdes, ...bye]));
    expect(packets.map((p) => p.type)).toEqual(['sender-report', 'other', 'bye']);
    const senderReport = packets[0]!;
    if (senderReport.type !== 'sender-report') throw new Error('expected SR');
    expect(senderReport.ssrc).toBe(0x1234);
    expect(senderReport.packetCount).toBe(10);
    expect(senderReport.octetCount).toBe(1600);
    expect(senderReport.reports).toHaveLength(1);
    expect(senderReport.reports[0]!.ssrc).toBe(0x5678);
    expect(senderReport.reports[0]!.packetsLost).toBe(-2);
    const byePacket = packets[2]!;
    if (byePacket.type !== 'bye') throw new Error('expected BYE');
    expect(byePacket.ssrcs).toEqual([0x1234]);
    expect(byePacket.reason).toBe('bye!');
  });

  it('parses a receiver report without blocks', () => {
    expect(parseRtcp(words(0x80c90001, 99))).toEqual([{ type: 'receiver-report', ssrc: 99, reports: [] }]);
  });

  it('rejects a length field that runs past the datagram', () => {
    expect(() => parseRtcp(words(0x80c90005, 99))).toThrow(RangeError);
  });

  it('rejects report blocks that do not fit in the packet', () => {
    expect(() => parseRtcp(words(0x81c90001, 99))).toThrow(/report blocks/);
  });

  it('rejects a version other than 2', () => {
    expect(() => parseRtcp(words(0x40c90001, 99))).toThrow(/version/);
  });
});
