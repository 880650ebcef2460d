import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711 } from './g711.ts';
import { goertzelPower } from './goertzel.ts';
import { HOLD_MUSIC_NOTE_MS, HOLD_MUSIC_NOTES, HOLD_MUSIC_REST_MS, holdMusic } from './hold-music.ts';
import { InbandDtmfDetector } from './inband-dtmf-detector.ts';

const noteLength = HOLD_MUSIC_NOTE_MS * 8;

describe('the built-in music on hold', () => {
  it('is one phrase of its notes followed by a rest', () => {
    const music = holdMusic();
    expect(music).toHaveLength(HOLD_MUSIC_NOTES.length * noteLength + HOLD_MUSIC_REST_MS * 8);
    expect([...music.subarray(HOLD_MUSIC_NOTES.length * noteLength)].every((s) => s === 0)).toBe(true);
  });

  it('sounds each note in its place, louder than every other note of the phrase', () => {
    const music = holdMusic();
    HOLD_MUSIC_NOTES.forEach((frequency, note) => {
      const window = music.subarray(note * noteLength, note * noteLength + noteLength / 2);
      const others = HOLD_MUSIC_NOTES.filter((f) => f !== frequency).map((f) => goertzelPower(window, f));
      expect(goertzelPower(window, frequency)).toBeGreaterThan(20 * Math.max(...others));
    });
  });

  it('is soft: no sample above -18 dBFS, and it starts and ends at silence so the loop does not click', () => {
    const music = holdMusic();
    expect(Math.max(...music.map(Math.abs))).toBeLessThanOrEqual(Math.ceil(0.125 * 32767));
    expect(Math.max(...music.map(Math.abs))).toBeGreaterThan(0.08 * 32767);
    expect(Math.abs(music[0]!)).toBeLessThan(50);
    expect(Math.abs(music[music.length - 1]!)).toBe(0);
  });

  it('never sounds like a key to an in-band DTMF detector, played many times over through G.711', () => {
    const detector = new InbandDtmfDetector();
    const digits: string[] = [];
    detector.on('digit', (d) => digits.push(d));
    const music = holdMusic();
    for (let round = 0; round < 3; round++) {
      for (let at = 0; at < music.length; at += 160)
        detector.pushSamples(decodeG711('PCMU', encodeG711('PCMU', music.subarray(at, at + 160))));
    }
    expect(digits).toEqual([]);
  });
});
