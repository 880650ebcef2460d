import { describe, expect, it } from 'vitest';
import { AudioError } from './errors.ts';
import { parseRtcp } from './rtcp-packet.ts';
import { RtpPacket } from './rtp-packet.ts';
import { TelephoneEvent } from './telephone-event.ts';
import { parseWav, pcm16Wav } from './wav.ts';

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

function randomBytes(next: () => number, maxLength: number, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const bytes = new Uint8Array(Math.floor(next() * maxLength));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
  bytes.set(prefix.subarray(0, bytes.length));
  return bytes;
}

function onlyExpectedErrors(parse: () => unknown, allowed: Array<new (...args: never[]) => Error>): void {
  try {
    parse();
  } catch (error) {
    expect(
      allowed.some((type) => error instanceof type),
      String(error),
    ).toBe(true);
  }
}

describe('parsers given hostile bytes', () => {
  it('RtpPacket.parse either reads the packet or throws RangeError', () => {
    const next = random(1);
    for (let i = 0; i < 3000; i++) {
      const bytes = randomBytes(next, 64, Uint8Array.of(0x80 | Math.floor(next() * 64)));
      onlyExpectedErrors(() => {
        const packet = RtpPacket.parse(bytes);
        void packet.payload.length;
        void packet.extension;
        void packet.csrcs;
      }, [RangeError]);
    }
  });

  it('parseRtcp either splits the datagram or throws RangeError', () => {
    const next = random(2);
    for (let i = 0; i < 3000; i++) {
      const bytes = randomBytes(next, 96, Uint8Array.of(0x80 | Math.floor(next() * 64), 200 + Math.floor(next() * 5)));
      onlyExpectedErrors(() => parseRtcp(bytes), [RangeError]);
    }
  });

  it('TelephoneEvent.parse either reads the event or throws RangeError', () => {
    const next = random(3);
    for (let i = 0; i < 500; i++)
      onlyExpectedErrors(() => TelephoneEvent.parse(randomBytes(next, 8)).digit, [RangeError]);
  });

  it('parseWav either reads the file or throws AudioError, also for damaged real headers', () => {
    const next = random(4);
    const header = pcm16Wav(new Int16Array(32)).subarray(0, 44);
    for (let i = 0; i < 3000; i++) {
      const bytes = randomBytes(next, 128, i % 2 === 0 ? header.subarray(0, Math.floor(next() * 44)) : header);
      onlyExpectedErrors(() => parseWav(bytes), [AudioError]);
    }
  });
});
