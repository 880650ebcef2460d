import { G711_SAMPLE_RATE } from './g711.ts';

export interface ToneOptions {
  /** One frequency, or several summed (dual tones, e.g. DTMF 697+1209 Hz). */
  frequencies: readonly number[];
  durationMs: number;
  /** Peak amplitude as a fraction of full scale, 0..1 (default 0.25, about -12 dBFS). */
  amplitude?: number;
}

/**
 * 8 kHz 16-bit PCM of a steady tone, e.g. the beep before a voicemail recording
 * (`{ frequencies: [1000], durationMs: 300 }`) or the Swedish ringing tone frequency 425 Hz
 * (ITU-T E.180 Supplement 2). Short fades at both ends keep the start and stop from clicking.
 */
export function tone(options: ToneOptions): Int16Array {
  const { frequencies, durationMs } = options;
  const amplitude = options.amplitude ?? 0.25;
  if (frequencies.length === 0 || frequencies.some((f) => !(f > 0 && f < G711_SAMPLE_RATE / 2))) {
    throw new RangeError(`tone frequencies must be between 0 and ${G711_SAMPLE_RATE / 2} Hz`);
  }
  if (!(amplitude >= 0 && amplitude <= 1)) throw new RangeError(`tone amplitude must be in 0..1, got ${amplitude}`);
  if (!(durationMs >= 0 && durationMs <= 600_000))
    throw new RangeError(`tone duration must be in 0..600000 ms, got ${durationMs}`);
  const length = Math.round((durationMs * G711_SAMPLE_RATE) / 1000);
  const fade = Math.min(40, Math.floor(length / 2));
  const scale = (amplitude * 32767) / frequencies.length;
  const samples = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    let value = 0;
    for (const frequency of frequencies) value += Math.sin((2 * Math.PI * frequency * i) / G711_SAMPLE_RATE);
    const envelope = Math.min(1, (i + 1) / (fade + 1), (length - i) / (fade + 1));
    samples[i] = Math.round(value * scale * envelope);
  }
  return samples;
}

/** 8 kHz 16-bit PCM silence. */
export function silence(durationMs: number): Int16Array {
  if (!(durationMs >= 0 && durationMs <= 600_000))
    throw new RangeError(`silence duration must be in 0..600000 ms, got ${durationMs}`);
  return new Int16Array(Math.round((durationMs * G711_SAMPLE_RATE) / 1000));
}

/** Joins PCM parts into one, e.g. a prompt, a pause and a beep. */
export function concatPcm(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export type CallProgressTone = 'ringback' | 'busy' | 'congestion';

/**
 * One cadence cycle of a Swedish call progress tone (ITU-T E.180 Supplement 2, Sweden: 425 Hz),
 * to be played with `loop: true` — e.g. busy tone for R34's "busy tone" option:
 * - ringback: 1 s on, 5 s off;
 * - busy: 250 ms on, 250 ms off;
 * - congestion: 250 ms on, 750 ms off.
 */
export function callProgressTone(kind: CallProgressTone): Int16Array {
  const [onMs, offMs] = kind === 'ringback' ? [1000, 5000] : kind === 'busy' ? [250, 250] : [250, 750];
  return concatPcm(tone({ frequencies: [425], durationMs: onMs }), silence(offMs));
}
