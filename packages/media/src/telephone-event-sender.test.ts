import { describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { DtmfDetector } from './dtmf-detector.ts';
import { InvalidStateError } from './errors.ts';
import type { RtpSender } from './player.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { TelephoneEvent } from './telephone-event.ts';
import { TelephoneEventSender } from './telephone-event-sender.ts';

class FakeSender implements RtpSender {
  readonly sent: RtpPacket[] = [];
  closed = false;
  send(packet: RtpPacket): boolean {
    this.sent.push(packet);
    return true;
  }
}

/** Lets awaited sleeps resolve after each clock step. */
async function run(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 10) {
    clock.advance(10);
    await Promise.resolve();
    await Promise.resolve();
  }
}

describe('TelephoneEventSender', () => {
  it('sends a digit as a start packet, 50 ms updates and three end packets with one timestamp', async () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const dtmf = new TelephoneEventSender(sender, { payloadType: 96, clock });
    const done = dtmf.sendDigit('7', 120);
    await run(clock, 300);
    await done;
    const events = sender.sent.map((p) => TelephoneEvent.parse(p.payload));
    expect(sender.sent.every((p) => p.payloadType === 96)).toBe(true);
    expect(new Set(sender.sent.map((p) => p.timestamp)).size).toBe(1);
    expect(sender.sent.map((p) => p.marker)).toEqual([true, false, false, false, false, false]);
    expect(events.map((e) => [e.event, e.duration, e.end])).toEqual([
      [7, 400, false],
      [7, 800, false],
      [7, 960, false],
      [7, 960, true],
      [7, 960, true],
      [7, 960, true],
    ]);
  });

  it('queues digits so each is heard once, in order', async () => {
    const clock = new FakeClock();
    const sender = new FakeSender();
    const dtmf = new TelephoneEventSender(sender, { payloadType: 101, clock });
    const done = dtmf.sendDigits('1#9');
    await run(clock, 1000);
    await done;
    const detector = new DtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (e) => digits.push(e.digit));
    for (const packet of sender.sent) detector.push(packet);
    expect(digits).toEqual(['1', '#', '9']);
  });

  it('rejects digits that are not DTMF and refuses to send on a closed endpoint', async () => {
    const sender = new FakeSender();
    const dtmf = new TelephoneEventSender(sender, { payloadType: 101, clock: new FakeClock() });
    expect(() => dtmf.sendDigit('x')).toThrow(RangeError);
    sender.closed = true;
    await expect(dtmf.sendDigit('1')).rejects.toBeInstanceOf(InvalidStateError);
  });
});
