import { parseWav, wavSamples } from './wav.ts';

/**
 * A waveform summary for the console's audio display: the audio cut into `points` equal slices,
 * each the peak absolute amplitude of its samples (all channels) scaled to 0..1. Audio shorter
 * than `points` samples yields zeros for the slices that hold none. Throws {@link AudioError} for
 * input that is not a readable WAVE file.
 */
export function waveformPeaks(wav: Uint8Array, points = 100): number[] {
  if (!Number.isInteger(points) || points < 1 || points > 10_000) {
    throw new RangeError(`waveform points must be an integer in 1..10000, got ${points}`);
  }
  const audio = parseWav(wav);
  const samples = wavSamples(audio);
  const frames = Math.floor(samples.length / audio.channels);
  const peaks = new Array<number>(points).fill(0);
  if (frames === 0) return peaks;
  for (let point = 0; point < points; point++) {
    const start = Math.floor((point * frames) / points) * audio.channels;
    const end = Math.floor(((point + 1) * frames) / points) * audio.channels;
    let peak = 0;
    for (let i = start; i < end; i++) {
      const magnitude = Math.abs(samples[i]!);
      if (magnitude > peak) peak = magnitude;
    }
    peaks[point] = Math.round((Math.min(peak, 32767) / 32767) * 1000) / 1000;
  }
  return peaks;
}
