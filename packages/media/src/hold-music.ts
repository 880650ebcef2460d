import { G711_SAMPLE_RATE } from './g711.ts';

/**
 * The notes of the built-in music on hold, in play order (Hz): a slow phrase in C major
 * pentatonic (C5 E5 G4 A4 D5 E5 C5 G4). Every fundamental lies below the DTMF row group
 * (697–941 Hz) and every octave harmonic below the column group (1209–1633 Hz), so no two
 * partials ever form a key a detector could hear (ITU-T Q.23) — not even when a phone echoes
 * the music back.
 */
export const HOLD_MUSIC_NOTES: readonly number[] = [523.25, 659.26, 392.0, 440.0, 587.33, 659.26, 523.25, 392.0];

/** How long each note sounds, and the rest after the phrase before it starts again. */
export const HOLD_MUSIC_NOTE_MS = 500;
export const HOLD_MUSIC_REST_MS = 1000;

/** Peak level as a fraction of full scale: soft (about -18 dBFS), below speech, as hold music should be. */
const PEAK = 0.125;
/** The octave harmonic's share: enough to carry the note on phones whose speakers roll off low tones. */
const HARMONIC = 0.3;
const ATTACK_MS = 30;

/**
 * 8 kHz 16-bit PCM of one cycle of the switch's own music on hold, to be played with
 * `loop: true` to a caller waiting in a queue whose group has no music file: a caller must never
 * hear silence there, which sounds like a dropped call. Each note is a sine with its octave,
 * a raised-cosine attack and an exponential decay (a music box, not a signalling tone); the
 * phrase ends in a rest, so the loop breathes and its seam is silent.
 */
export function holdMusic(): Int16Array {
  const noteLength = (HOLD_MUSIC_NOTE_MS * G711_SAMPLE_RATE) / 1000;
  const restLength = (HOLD_MUSIC_REST_MS * G711_SAMPLE_RATE) / 1000;
  const attack = (ATTACK_MS * G711_SAMPLE_RATE) / 1000;
  const samples = new Int16Array(HOLD_MUSIC_NOTES.length * noteLength + restLength);
  const scale = (PEAK * 32767) / (1 + HARMONIC);
  HOLD_MUSIC_NOTES.forEach((frequency, note) => {
    const start = note * noteLength;
    for (let i = 0; i < noteLength; i++) {
      const rise = i < attack ? 0.5 - 0.5 * Math.cos((Math.PI * i) / attack) : 1;
      // Decays to about 5 % by the note's end; the last 5 ms fade to zero so notes never click.
      const decay = Math.exp((-3 * i) / noteLength) * Math.min(1, (noteLength - i) / 40);
      const phase = (2 * Math.PI * frequency * i) / G711_SAMPLE_RATE;
      samples[start + i] = Math.round(scale * rise * decay * (Math.sin(phase) + HARMONIC * Math.sin(2 * phase)));
    }
  });
  return samples;
}
