import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { DigitStream, type StreamDigit } from './digit-stream.ts';
import { eventPress, keyTone, seededRandom } from './dtmf-test-signals.ts';
import { encodeG711 } from './g711.ts';
import { RtpPacket } from './rtp-packet.ts';
import { concatPcm, silence } from './tones.ts';

const TE = 101;

function stream(clock = new FakeClock(), telephoneEventPayloadType: number | null = TE) {
  const digits = new DigitStream({ telephoneEventPayloadType, audio: { payloadType: 0, codec: 'PCMU' }, clock });
  const heard: StreamDigit[] = [];
  digits.on('digit', (d) => heard.push(d));
  return { digits, heard, clock };
}

/** Audio as 20 ms PCMU packets with timestamps from `timestamp`, pushed with the clock moving. */
function pushAudio(digits: DigitStream, clock: FakeClock, samples: Int16Array, timestamp = 0): void {
  for (let at = 0; at < samples.length; at += 160) {
    digits.push(
      RtpPacket.create({
        payloadType: 0,
        sequenceNumber: at / 160,
        timestamp: timestamp + at,
        ssrc: 9,
        payload: encodeG711('PCMU', samples.subarray(at, at + 160)),
      }),
    );
    clock.advance(20);
  }
}

describe('DigitStream', () => {
  it('reports an RFC 4733 press once despite its updates and triple end packet', () => {
    const { digits, heard } = stream();
    for (const packet of eventPress('5', { payloadType: TE, timestamp: 8000, durationMs: 200 })) digits.push(packet);
    expect(heard).toEqual([{ digit: '5', source: 'rfc4733' }]);
  });

  it('hears in-band tones from a phone that sends no events', () => {
    const { digits, heard, clock } = stream(new FakeClock(), null);
    const random = seededRandom(1);
    pushAudio(
      digits,
      clock,
      concatPcm(
        keyTone('1', { durationMs: 100, random }),
        silence(100),
        keyTone('#', { durationMs: 100, random }),
        silence(100),
      ),
    );
    expect(heard).toEqual([
      { digit: '1', source: 'inband' },
      { digit: '#', source: 'inband' },
    ]);
  });

  it('stops listening for tones once the phone sends RFC 4733, so a tone left in its audio is not a second press', () => {
    const { digits, heard, clock } = stream();
    for (const packet of eventPress('7', { payloadType: TE, timestamp: 0 })) digits.push(packet);
    expect(digits.listensForTones).toBe(false);
    clock.advance(1000);
    pushAudio(digits, clock, concatPcm(keyTone('7', { durationMs: 120 }), silence(100)), 8000);
    expect(heard).toEqual([{ digit: '7', source: 'rfc4733' }]);
  });

  it('reports a press heard as a tone first and then as an event once', () => {
    const { digits, heard, clock } = stream();
    pushAudio(digits, clock, keyTone('3', { durationMs: 80, random: seededRandom(2) }));
    for (const packet of eventPress('3', { payloadType: TE, timestamp: 0 })) digits.push(packet);
    expect(heard).toEqual([{ digit: '3', source: 'inband' }]);
  });

  it('reports a press sent both as SIP INFO and as RFC 4733 once', () => {
    const { digits, heard, clock } = stream();
    digits.inject('9');
    clock.advance(5);
    for (const packet of eventPress('9', { payloadType: TE, timestamp: 0 })) digits.push(packet);
    expect(heard).toEqual([{ digit: '9', source: 'info' }]);
  });

  it('reports the same key pressed twice from one source twice, and again from another source after the window', () => {
    const { digits, heard, clock } = stream();
    digits.inject('2');
    clock.advance(100);
    digits.inject('2');
    clock.advance(400);
    for (const packet of eventPress('2', { payloadType: TE, timestamp: 0 })) digits.push(packet);
    expect(heard.map((d) => `${d.digit}:${d.source}`)).toEqual(['2:info', '2:info', '2:rfc4733']);
  });

  it('ignores events of a payload type that was not negotiated and follows a renegotiated one', () => {
    const { digits, heard } = stream(new FakeClock(), null);
    for (const packet of eventPress('4', { payloadType: 96, timestamp: 0 })) digits.push(packet);
    expect(heard).toEqual([]);
    digits.setFormat({ telephoneEventPayloadType: 96, audio: { payloadType: 8, codec: 'PCMA' } });
    for (const packet of eventPress('4', { payloadType: 96, timestamp: 800 })) digits.push(packet);
    expect(heard).toEqual([{ digit: '4', source: 'rfc4733' }]);
  });
});
