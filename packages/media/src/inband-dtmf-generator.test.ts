import { describe, expect, it } from 'vitest';
import { decodeG711 } from './g711.ts';
import { goertzelPower as goertzel } from './goertzel.ts';
import { InbandDtmfGenerator } from './inband-dtmf-generator.ts';
import { RtpPacket } from './rtp-packet.ts';
import { TelephoneEvent } from './telephone-event.ts';

function eventPacket(event: number, duration: number, end = false, timestamp = 8000): RtpPacket {
  return RtpPacket.create({
    payloadType: 101,
    sequenceNumber: duration,
    timestamp,
    ssrc: 1,
    payload: TelephoneEvent.create({ event, duration, end }).bytes,
  });
}

describe('InbandDtmfGenerator', () => {
  it('sounds the two frequencies of the digit for as long as the key is held', () => {
    const generator = new InbandDtmfGenerator('PCMU', 0);
    const frames = [
      ...generator.framesFor(eventPacket(1, 400)),
      ...generator.framesFor(eventPacket(1, 800)),
      ...generator.framesFor(eventPacket(1, 880, true)),
      ...generator.framesFor(eventPacket(1, 880, true)),
    ];
    expect(frames).toHaveLength(6);
    expect(frames.map((f) => f.payloadType)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(frames[0]!.marker).toBe(true);
    frames.slice(1).forEach((f, i) => expect((f.timestamp - frames[i]!.timestamp) >>> 0).toBe(160));
    const audio = decodeG711('PCMU', Buffer.concat(frames.map((f) => f.payload)));
    const row = goertzel(audio, 697);
    const column = goertzel(audio, 1209);
    for (const other of [770, 852, 941, 1336, 1477, 1633]) {
      expect(row).toBeGreaterThan(goertzel(audio, other) * 20);
      expect(column).toBeGreaterThan(goertzel(audio, other) * 20);
    }
  });

  it('mutes the sender audio during the event and not after its end', () => {
    const generator = new InbandDtmfGenerator('PCMA', 8);
    generator.framesFor(eventPacket(5, 320));
    expect(generator.mutes(8000 + 160)).toBe(true);
    expect(generator.mutes(8000 + 320 + 800 + 160)).toBe(false);
    generator.framesFor(eventPacket(5, 480, true));
    expect(generator.mutes(8000 + 320)).toBe(false);
  });

  it('ignores late packets of an earlier event and non-DTMF events', () => {
    const generator = new InbandDtmfGenerator('PCMU', 0);
    generator.framesFor(eventPacket(2, 160, true, 16000));
    expect(generator.framesFor(eventPacket(1, 320, false, 8000))).toEqual([]);
    expect(generator.framesFor(eventPacket(16, 320, false, 24000))).toEqual([]);
  });
});
