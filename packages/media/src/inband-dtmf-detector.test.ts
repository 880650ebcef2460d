import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711 } from './g711.ts';
import { InbandDtmfDetector } from './inband-dtmf-detector.ts';
import { InbandDtmfGenerator } from './inband-dtmf-generator.ts';
import { RtpPacket } from './rtp-packet.ts';
import { TelephoneEvent } from './telephone-event.ts';
import { addWhiteNoise, DTMF_FREQUENCIES, keyTone, seededRandom } from './dtmf-test-signals.ts';
import { concatPcm, silence, tone } from './tones.ts';

const FREQUENCIES: Record<string, [number, number]> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  A: [697, 1633],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  B: [770, 1633],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  C: [852, 1633],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
  D: [941, 1633],
};

function key(digit: string, durationMs = 80): Int16Array {
  return tone({ frequencies: FREQUENCIES[digit]!, durationMs, amplitude: 0.4 });
}

function heard(samples: Int16Array): string {
  const detector = new InbandDtmfDetector();
  const digits: string[] = [];
  detector.on('digit', (d) => digits.push(d));
  // Through G.711 and in 20 ms frames, as it would come from a phone.
  for (let at = 0; at < samples.length; at += 160) {
    detector.pushSamples(decodeG711('PCMU', encodeG711('PCMU', samples.subarray(at, at + 160))));
  }
  return digits.join('');
}

describe('InbandDtmfDetector', () => {
  it('hears every key of the keypad', () => {
    const keys = Object.keys(FREQUENCIES);
    const audio = concatPcm(...keys.flatMap((k) => [key(k), silence(60)]));
    expect(heard(audio)).toBe(keys.join(''));
  });

  it('hears a long press once and the same key pressed twice as two', () => {
    expect(heard(concatPcm(key('5', 1000), silence(100)))).toBe('5');
    expect(heard(concatPcm(key('5'), silence(80), key('5'), silence(80)))).toBe('55');
  });

  it('ignores a press shorter than ITU-T Q.24 lets a receiver accept', () => {
    expect(heard(concatPcm(silence(20), key('7', 30), silence(100)))).toBe('');
    expect(heard(concatPcm(silence(7), key('7', 20), silence(100)))).toBe('');
  });

  it('hears nothing in silence, a single tone, a dial tone pair or noise', () => {
    expect(heard(silence(500))).toBe('');
    expect(heard(tone({ frequencies: [1000], durationMs: 500 }))).toBe('');
    expect(heard(tone({ frequencies: [350, 440], durationMs: 500 }))).toBe('');
    let seed = 42;
    const noise = new Int16Array(4000).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed % 16000) - 8000;
    });
    expect(heard(noise)).toBe('');
  });

  it('refuses a pair whose twist is beyond ITU-T Q.24 limits', () => {
    const row = tone({ frequencies: [697], durationMs: 200, amplitude: 0.5 });
    const column = tone({ frequencies: [1209], durationMs: 200, amplitude: 0.05 });
    expect(heard(row.map((s, i) => s + column[i]!))).toBe('');
  });

  it('reads G.711 packets', () => {
    const detector = new InbandDtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (d) => digits.push(d));
    const audio = concatPcm(key('#'), silence(60));
    for (let i = 0; i * 160 < audio.length; i++) {
      const payload = encodeG711('PCMA', audio.subarray(i * 160, (i + 1) * 160));
      detector.push(
        RtpPacket.create({ payloadType: 8, sequenceNumber: i, timestamp: i * 160, ssrc: 1, payload }),
        'PCMA',
      );
    }
    expect(digits).toEqual(['#']);
  });

  it('hears the tones the in-band generator makes from RFC 4733 events', () => {
    const generator = new InbandDtmfGenerator('PCMU', 0);
    const detector = new InbandDtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (d) => digits.push(d));
    [3, 11].forEach((event, press) => {
      const timestamp = 8000 + press * 4000;
      for (const [duration, end] of [
        [400, false],
        [800, false],
        [800, true],
      ] as const) {
        const packet = RtpPacket.create({
          payloadType: 101,
          sequenceNumber: 0,
          timestamp,
          ssrc: 1,
          payload: TelephoneEvent.create({ event, duration, end }).bytes,
        });
        for (const frame of generator.framesFor(packet)) detector.push(frame, 'PCMU');
      }
      detector.pushSamples(silence(60));
    });
    expect(digits).toEqual(['3', '#']);
  });
});

describe('InbandDtmfDetector under ITU-T Q.23/Q.24 conditions', () => {
  const keys = Object.keys(DTMF_FREQUENCIES);
  /** Every key of the keypad as unfaded tones with random phases and start offsets, run through G.711. */
  function keypad(
    seed: number,
    options: { levelDbm0?: number; twistDb?: number; durationMs?: number; pauseMs?: number; noiseDbfs?: number },
  ): string {
    const random = seededRandom(seed);
    const parts: Int16Array[] = [silence(Math.floor(random() * 25))];
    for (const k of keys) {
      parts.push(
        keyTone(k, {
          durationMs: options.durationMs ?? 80,
          levelDbm0: options.levelDbm0 ?? -10,
          twistDb: options.twistDb ?? 0,
          random,
        }),
      );
      parts.push(silence(options.pauseMs ?? 60));
    }
    const audio = concatPcm(...parts);
    if (options.noiseDbfs !== undefined) addWhiteNoise(audio, options.noiseDbfs, random);
    return heard(audio);
  }

  it.each([-3, -10, -20, -25, -30])('hears every key at %d dBm0 per tone', (levelDbm0) => {
    for (const seed of [1, 2, 3]) expect(keypad(seed, { levelDbm0 })).toBe(keys.join(''));
  });

  it.each([-4, 4, 8])('hears every key with a twist of %d dB (column minus row)', (twistDb) => {
    for (const seed of [4, 5, 6]) expect(keypad(seed, { twistDb })).toBe(keys.join(''));
  });

  it('hears nothing when the twist is far beyond the limits', () => {
    expect(keypad(7, { twistDb: 12 })).toBe('');
    expect(keypad(8, { twistDb: -8 })).toBe('');
  });

  it('hears every key through white noise 12 dB below the tones', () => {
    // Tones at -10 dBm0 are about -16 dBFS RMS each, -13 dBFS together.
    for (const seed of [9, 10, 11]) expect(keypad(seed, { noiseDbfs: -25 })).toBe(keys.join(''));
  });

  it('hears presses of 40 ms with 40 ms pauses, the fastest ITU-T Q.24 dialling, each once', () => {
    for (const seed of [12, 13, 14, 15]) expect(keypad(seed, { durationMs: 40, pauseMs: 40 })).toBe(keys.join(''));
  });

  it('hears a two-second press once', () => {
    expect(heard(concatPcm(keyTone('0', { durationMs: 2000, random: seededRandom(16) }), silence(100)))).toBe('0');
  });

  it('hears no digit in music: chords of notes with harmonics, changing every beat', () => {
    const random = seededRandom(17);
    // An equal-tempered scale from C4; each beat a triad of scale notes with two harmonics each.
    const scale = [0, 2, 4, 5, 7, 9, 11, 12, 14, 16, 17, 19, 21, 23, 24].map((step) => 261.63 * 2 ** (step / 12));
    const beats: Int16Array[] = [];
    for (let beat = 0; beat < 60; beat++) {
      const root = Math.floor(random() * (scale.length - 4));
      const notes = [scale[root]!, scale[root + 2]!, scale[root + 4]!];
      const frequencies = notes.flatMap((f) => [f, 2 * f, 3 * f]).filter((f) => f < 3900);
      beats.push(tone({ frequencies, durationMs: 250, amplitude: 0.6 }));
    }
    expect(heard(concatPcm(...beats))).toBe('');
  });
});
