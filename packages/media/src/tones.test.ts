import { describe, expect, it } from 'vitest';
import { callProgressTone, concatPcm, silence, tone } from './tones.ts';

describe('tones', () => {
  it('makes a tone of the asked length and amplitude', () => {
    const beep = tone({ frequencies: [1000], durationMs: 300, amplitude: 0.5 });
    expect(beep).toHaveLength(2400);
    const peak = Math.max(...beep.map(Math.abs));
    expect(peak).toBeGreaterThan(16000);
    expect(peak).toBeLessThanOrEqual(16384);
  });

  it('fades in so the first sample is near zero', () => {
    expect(Math.abs(tone({ frequencies: [425], durationMs: 100 })[0]!)).toBeLessThan(100);
  });

  it('keeps a dual tone within full scale', () => {
    const dtmf = tone({ frequencies: [697, 1209], durationMs: 100, amplitude: 1 });
    expect(Math.max(...dtmf.map(Math.abs))).toBeLessThanOrEqual(32767);
  });

  it('rejects frequencies that G.711 cannot carry', () => {
    expect(() => tone({ frequencies: [5000], durationMs: 10 })).toThrow(RangeError);
    expect(() => tone({ frequencies: [], durationMs: 10 })).toThrow(RangeError);
  });

  it('joins parts with silence', () => {
    const joined = concatPcm(Int16Array.of(1, 2), silence(1), Int16Array.of(3));
    expect([...joined]).toEqual([1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
  });

  it('makes one cycle of the Swedish busy, congestion and ringback cadences', () => {
    const busy = callProgressTone('busy');
    expect(busy).toHaveLength(4000);
    expect(Math.max(...busy.subarray(0, 2000).map(Math.abs))).toBeGreaterThan(7000);
    expect([...busy.subarray(2000)].every((s) => s === 0)).toBe(true);
    expect(callProgressTone('congestion')).toHaveLength(8000);
    expect(callProgressTone('ringback')).toHaveLength(48000);
  });
});
