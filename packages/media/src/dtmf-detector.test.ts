import { describe, expect, it } from 'vitest';
import { DtmfDetector } from './dtmf-detector.ts';
import { RtpPacket } from './rtp-packet.ts';
import { TelephoneEvent } from './telephone-event.ts';

let sequenceNumber = 0;
function eventPacket(event: number, timestamp: number, duration: number, end = false, ssrc = 1): RtpPacket {
  return RtpPacket.create({
    payloadType: 101,
    sequenceNumber: sequenceNumber++ & 0xffff,
    timestamp,
    ssrc,
    marker: duration === 160,
    payload: TelephoneEvent.create({ event, end, duration }).bytes,
  });
}

function pressKey(detector: DtmfDetector, event: number, timestamp: number): void {
  detector.push(eventPacket(event, timestamp, 160));
  detector.push(eventPacket(event, timestamp, 320));
  detector.push(eventPacket(event, timestamp, 480));
  for (let i = 0; i < 3; i++) detector.push(eventPacket(event, timestamp, 640, true));
}

describe('DtmfDetector', () => {
  it('emits one digit per key press despite updates and the three end packets', () => {
    const detector = new DtmfDetector();
    const digits: string[] = [];
    const ends: number[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    detector.on('digit-end', (e) => ends.push(e.duration));
    pressKey(detector, 1, 1000);
    pressKey(detector, 2, 3000);
    pressKey(detector, 11, 5000);
    expect(digits).toEqual(['1', '2', '#']);
    expect(ends).toEqual([640, 640, 640]);
  });

  it('emits the same digit twice when it is pressed twice', () => {
    const detector = new DtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    pressKey(detector, 5, 1000);
    pressKey(detector, 5, 2000);
    expect(digits).toEqual(['5', '5']);
  });

  it('still hears a press whose start packets were lost', () => {
    const detector = new DtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    detector.push(eventPacket(7, 1000, 640, true));
    detector.push(eventPacket(7, 1000, 640, true));
    expect(digits).toEqual(['7']);
  });

  it('ignores a late packet of an earlier press', () => {
    const detector = new DtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    pressKey(detector, 1, 1000);
    pressKey(detector, 2, 3000);
    detector.push(eventPacket(1, 1000, 640, true));
    expect(digits).toEqual(['1', '2']);
  });

  it('treats the next segment of a very long press as the same press', () => {
    const detector = new DtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    detector.push(eventPacket(3, 0, 0xffff));
    detector.push(eventPacket(3, 0xffff, 800));
    detector.push(eventPacket(3, 0xffff, 960, true));
    expect(digits).toEqual(['3']);
  });

  it('ignores payloads that are too short and non-DTMF events', () => {
    const detector = new DtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    detector.push(
      RtpPacket.create({ payloadType: 101, sequenceNumber: 1, timestamp: 1, ssrc: 1, payload: Uint8Array.of(1) }),
    );
    detector.push(eventPacket(16, 2000, 160));
    expect(digits).toEqual([]);
  });
});
