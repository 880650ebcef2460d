import { describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { RtpPacket } from './rtp-packet.ts';
import { RtpStreamRewriter } from './rtp-stream-rewriter.ts';

function packet(ssrc: number, sequenceNumber: number, timestamp: number): RtpPacket {
  return RtpPacket.create({ payloadType: 0, ssrc, sequenceNumber, timestamp, payload: new Uint8Array(160) });
}

describe('RtpStreamRewriter', () => {
  it('replaces the SSRC and keeps sequence and timestamp steps of one source', () => {
    const clock = new FakeClock();
    const rewriter = new RtpStreamRewriter({ ssrc: 1234, clock });
    const first = packet(99, 65535, 0xffffff60);
    rewriter.rewrite(first);
    const second = packet(99, 0, 0);
    clock.advance(20);
    rewriter.rewrite(second);
    expect(first.ssrc).toBe(1234);
    expect(first.marker).toBe(true);
    expect(second.marker).toBe(false);
    expect((second.sequenceNumber - first.sequenceNumber) & 0xffff).toBe(1);
    expect((second.timestamp - first.timestamp) >>> 0).toBe(160);
  });

  it('continues the stream when another source takes over, advancing by elapsed time', () => {
    const clock = new FakeClock();
    const rewriter = new RtpStreamRewriter({ ssrc: 1, clock });
    const fromBridge = packet(10, 500, 8000);
    rewriter.rewrite(fromBridge);
    clock.advance(1000);
    const fromPlayer = packet(20, 7, 123456);
    rewriter.rewrite(fromPlayer);
    expect(fromPlayer.ssrc).toBe(1);
    expect(fromPlayer.marker).toBe(true);
    expect((fromPlayer.sequenceNumber - fromBridge.sequenceNumber) & 0xffff).toBe(1);
    expect((fromPlayer.timestamp - fromBridge.timestamp) >>> 0).toBe(8000);
  });

  it('treats a big sequence jump of the same SSRC as a new segment', () => {
    const clock = new FakeClock();
    const rewriter = new RtpStreamRewriter({ clock });
    const before = packet(10, 100, 1000);
    rewriter.rewrite(before);
    clock.advance(20);
    const after = packet(10, 30000, 5);
    rewriter.rewrite(after);
    expect(after.marker).toBe(true);
    expect((after.sequenceNumber - before.sequenceNumber) & 0xffff).toBe(1);
  });

  it('keeps a reordered packet in its place instead of starting a new segment', () => {
    const clock = new FakeClock();
    const rewriter = new RtpStreamRewriter({ clock });
    const a = packet(10, 100, 1000);
    const c = packet(10, 102, 1320);
    const b = packet(10, 101, 1160);
    rewriter.rewrite(a);
    rewriter.rewrite(c);
    rewriter.rewrite(b);
    expect(b.marker).toBe(false);
    expect((b.sequenceNumber - a.sequenceNumber) & 0xffff).toBe(1);
    expect((c.sequenceNumber - a.sequenceNumber) & 0xffff).toBe(2);
  });

  it('starts a new segment after resetSource even for the same source', () => {
    const rewriter = new RtpStreamRewriter({ clock: new FakeClock() });
    rewriter.rewrite(packet(10, 1, 160));
    rewriter.resetSource();
    const next = packet(10, 2, 320);
    rewriter.rewrite(next);
    expect(next.marker).toBe(true);
  });

  it('keeps interleaved audio and event sources consistent: one event timestamp, sequential numbers', () => {
    const clock = new FakeClock();
    const rewriter = new RtpStreamRewriter({ clock });
    const out: RtpPacket[] = [];
    for (let i = 0; i < 4; i++) {
      const audio = packet(10, 100 + i, 16000 + i * 160);
      rewriter.rewrite(audio);
      out.push(audio);
      const event = packet(20, 500 + i, 777);
      rewriter.rewrite(event);
      out.push(event);
      clock.advance(20);
    }
    out.slice(1).forEach((p, i) => expect((p.sequenceNumber - out[i]!.sequenceNumber) & 0xffff).toBe(1));
    const events = out.filter((_, i) => i % 2 === 1);
    const audio = out.filter((_, i) => i % 2 === 0);
    expect(new Set(events.map((p) => p.timestamp)).size).toBe(1);
    audio.slice(1).forEach((p, i) => expect((p.timestamp - audio[i]!.timestamp) >>> 0).toBe(160));
    expect(out.map((p) => p.marker)).toEqual([true, true, false, false, false, false, false, false]);
  });

  it('re-anchors a source that comes back after it was forgotten', () => {
    const clock = new FakeClock();
    const rewriter = new RtpStreamRewriter({ clock, rememberSourceMs: 1000 });
    rewriter.rewrite(packet(10, 1, 160));
    rewriter.rewrite(packet(20, 1, 0));
    clock.advance(1500);
    const back = packet(10, 2, 320);
    rewriter.rewrite(back);
    expect(back.marker).toBe(true);
  });
});
