import { describe, expect, it } from 'vitest';
import { RtpPacket } from './rtp-packet.ts';
import { RtpReceiveStatistics } from './rtp-receive-statistics.ts';

function packet(sequenceNumber: number, timestamp = sequenceNumber * 160, ssrc = 7): RtpPacket {
  return RtpPacket.create({
    payloadType: 0,
    sequenceNumber: sequenceNumber & 0xffff,
    timestamp: timestamp >>> 0,
    ssrc,
    payload: new Uint8Array(160),
  });
}

describe('RtpReceiveStatistics', () => {
  it('counts lost packets and the fraction lost per report interval', () => {
    const stats = new RtpReceiveStatistics();
    for (const seq of [1, 2, 3, 5, 6, 9, 10]) stats.update(packet(seq), seq * 20);
    expect(stats.summary()).toMatchObject({ packetsReceived: 7, packetsLost: 3 });
    const first = stats.reportBlock(200);
    expect(first.packetsLost).toBe(3);
    expect(first.fractionLost).toBeCloseTo(Math.floor((3 * 256) / 10) / 256);
    expect(first.highestSequenceNumber).toBe(10);
    stats.update(packet(11), 220);
    expect(stats.reportBlock(240).fractionLost).toBe(0);
  });

  it('extends the sequence number across wrap-around', () => {
    const stats = new RtpReceiveStatistics();
    for (const seq of [65534, 65535, 65536, 65537]) stats.update(packet(seq), 0);
    const block = stats.reportBlock(0);
    expect(block.highestSequenceNumber).toBe(0x10001);
    expect(block.packetsLost).toBe(0);
  });

  it('has zero jitter for perfectly paced packets and some for irregular arrival', () => {
    const steady = new RtpReceiveStatistics();
    for (let i = 0; i < 50; i++) steady.update(packet(i), i * 20);
    expect(steady.summary().jitterMs).toBe(0);
    const jittery = new RtpReceiveStatistics();
    for (let i = 0; i < 50; i++) jittery.update(packet(i), i * 20 + (i % 2) * 10);
    expect(jittery.summary().jitterMs).toBeGreaterThan(3);
  });

  it('restarts the counters when the source changes SSRC', () => {
    const stats = new RtpReceiveStatistics();
    stats.update(packet(1), 0);
    stats.update(packet(5), 20);
    stats.update(packet(100, 0, 8), 40);
    expect(stats.summary()).toMatchObject({ ssrc: 8, packetsReceived: 1, packetsLost: 0 });
  });

  it('believes a large sequence jump only when the next packet follows it', () => {
    const stats = new RtpReceiveStatistics();
    stats.update(packet(1), 0);
    stats.update(packet(20000), 20);
    expect(stats.summary().packetsReceived).toBe(1);
    stats.update(packet(20001), 40);
    expect(stats.summary()).toMatchObject({ packetsReceived: 1, packetsLost: 0 });
  });

  it('reports the middle 32 bits of the last SR and the delay since it', () => {
    const stats = new RtpReceiveStatistics();
    stats.update(packet(1), 0);
    stats.senderReportReceived(0x12345678, 0x9abcdef0, 1000);
    const block = stats.reportBlock(1500);
    expect(block.lastSenderReport).toBe(0x56789abc);
    expect(block.delaySinceLastSenderReport).toBe(32768);
  });
});
