import type { Dtmf, MediaSide } from '../media/callMedia.ts';

/** How long after `*` the `1` may come and still count as the recording key. */
export const recordingKeyWindowMs = 3000;

/**
 * R56 on demand: `*1` pressed by either party toggles the recording. Each side's presses are read
 * on their own (the caller's `*` and the callee's `1` are no key), `1` must follow `*` within
 * {@link recordingKeyWindowMs}, and any other key in between starts over. Pure: times come in.
 */
export class RecordingKey {
  readonly #starAt = new Map<MediaSide, number>();

  /** Feeds one press; true when it completes `*1`. */
  press(side: MediaSide, digit: Dtmf, atMs: number): boolean {
    const starAt = this.#starAt.get(side);
    this.#starAt.delete(side);
    if (digit === '*') {
      this.#starAt.set(side, atMs);
      return false;
    }
    return digit === '1' && starAt !== undefined && atMs - starAt <= recordingKeyWindowMs;
  }
}
