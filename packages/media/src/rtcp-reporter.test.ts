import { describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { serializeBye } from './rtcp-bye.ts';
import { parseRtcp } from './rtcp-packet.ts';
import { RtcpReporter } from './rtcp-reporter.ts';
import { RtpPacket } from './rtp-packet.ts';

function reporter(clock: FakeClock, sent: Uint8Array[]): RtcpReporter {
  return new RtcpReporter({
    ssrc: 0xabc,
    cname: 'vaxel@127.0.0.1',
    intervalMs: 5000,
    clockRate: 8000,
    clock,
    wallClockMs: () => Date.UTC(2026, 0, 1),
    send: (datagram) => sent.push(datagram),
  });
}

const audio = (sequenceNumber: number) =>
  RtpPacket.create({
    payloadType: 0,
    sequenceNumber,
    timestamp: sequenceNumber * 160,
    ssrc: 0x55,
    payload: new Uint8Array(160),
  });

describe('RtcpReporter', () => {
  it('sends a receiver report with a CNAME when it has only received', () => {
    const clock = new FakeClock();
    const sent: Uint8Array[] = [];
    const rtcp = reporter(clock, sent);
    rtcp.rtpReceived(audio(1));
    rtcp.rtpReceived(audio(3));
    clock.advance(7500);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    const [report, sdes] = parseRtcp(sent[0]!);
    expect(report).toMatchObject({ type: 'receiver-report', ssrc: 0xabc });
    if (report?.type !== 'receiver-report') throw new Error('expected RR');
    expect(report.reports[0]).toMatchObject({ ssrc: 0x55, packetsLost: 1, highestSequenceNumber: 3 });
    expect(sdes).toEqual({ type: 'other', packetType: 202 });
    rtcp.stop();
  });

  it('sends a sender report with packet and octet counts after sending RTP', () => {
    const clock = new FakeClock();
    const sent: Uint8Array[] = [];
    const rtcp = reporter(clock, sent);
    rtcp.rtpSent(audio(1));
    rtcp.rtpSent(audio(2));
    clock.advance(7500);
    const [report] = parseRtcp(sent[0]!);
    if (report?.type !== 'sender-report') throw new Error('expected SR');
    expect(report).toMatchObject({ ssrc: 0xabc, packetCount: 2, octetCount: 320, reports: [] });
    expect(report.ntpSeconds).toBe(Date.UTC(2026, 0, 1) / 1000 + 2_208_988_800);
    rtcp.stop();
  });

  it('reports at randomised intervals between half and one and a half times the interval', () => {
    const clock = new FakeClock();
    const sent: Uint8Array[] = [];
    const rtcp = reporter(clock, sent);
    clock.advance(2499);
    expect(sent).toHaveLength(0);
    clock.advance(5001);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    rtcp.stop();
    const before = sent.length;
    clock.advance(60_000);
    expect(sent).toHaveLength(before);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('RTCP serialisation', () => {
  it('writes a BYE with a reason that parses back', () => {
    expect(parseRtcp(serializeBye([1, 2], 'hangup'))).toEqual([{ type: 'bye', ssrcs: [1, 2], reason: 'hangup' }]);
    expect(parseRtcp(serializeBye([3]))).toEqual([{ type: 'bye', ssrcs: [3] }]);
  });
});
