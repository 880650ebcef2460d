import { describe, expect, it } from 'vitest';
import { AudioError } from './errors.ts';
import { pcm16Wav } from './wav.ts';
import { waveformPeaks } from './waveform.ts';

describe('waveformPeaks', () => {
  it('gives the peak of each slice scaled to 0..1', () => {
    const samples = new Int16Array(400);
    samples.fill(3276, 0, 100);
    samples[150] = -32768;
    samples.fill(16384, 200, 300);
    expect(waveformPeaks(pcm16Wav(samples), 4)).toEqual([0.1, 1, 0.5, 0]);
  });

  it('returns 100 points by default', () => {
    expect(waveformPeaks(pcm16Wav(new Int16Array(8000)))).toHaveLength(100);
  });

  it('returns zeros for audio shorter than the number of points', () => {
    expect(waveformPeaks(pcm16Wav(Int16Array.of(32767)), 3)).toEqual([0, 0, 1]);
    expect(waveformPeaks(pcm16Wav(new Int16Array(0)), 2)).toEqual([0, 0]);
  });

  it('considers every channel of a stereo file', () => {
    expect(waveformPeaks(pcm16Wav(Int16Array.of(0, 32767, 0, 0), 8000, 2), 2)).toEqual([1, 0]);
  });

  it('rejects input that is not WAVE and a bad number of points', () => {
    expect(() => waveformPeaks(new Uint8Array(10))).toThrow(AudioError);
    expect(() => waveformPeaks(pcm16Wav(new Int16Array(10)), 0)).toThrow(RangeError);
  });
});
