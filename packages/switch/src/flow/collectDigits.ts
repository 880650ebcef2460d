/**
 * Collecting the keys a caller presses (R73): a queue of one side's digits over the call's media
 * events, and {@link collectDigits}, which reads a multi-digit entry from it with a first-digit
 * timeout, an inter-digit timeout, a maximum length and terminators, all on the injectable clock.
 *
 * The queue subscribes before a prompt starts and is read after it ends, so a key that stopped
 * the prompt (barge-in) and the keys that followed it quickly are all kept: the playback's own
 * `digit` end only says why it stopped; the digits themselves come from the event stream, once.
 */
import type { Clock } from '../kernel/clock.ts';
import type { CallMedia, Dtmf, MediaSide } from '../media/callMedia.ts';

/** One side's digits, in the order pressed, from subscription until `close()`. */
export class DigitQueue {
  readonly #queued: Dtmf[] = [];
  #waiter: ((digit: Dtmf | null) => void) | null = null;
  readonly #unsubscribe: () => void;

  constructor(media: Pick<CallMedia, 'on'>, side: MediaSide = 'caller') {
    this.#unsubscribe = media.on((event) => {
      if (event.type !== 'digit' || event.side !== side) return;
      const waiter = this.#waiter;
      if (waiter) {
        this.#waiter = null;
        waiter(event.digit);
      } else {
        this.#queued.push(event.digit);
      }
    });
  }

  /** Digits pressed and not read yet. */
  get pending(): number {
    return this.#queued.length;
  }

  /** Forgets digits pressed ahead (after an invalid entry, what follows belongs to it). */
  clear(): void {
    this.#queued.length = 0;
  }

  /** The next digit: at once if one is queued, else the first within `timeoutMs`; null on timeout or abort. */
  next(clock: Clock, timeoutMs: number, signal: AbortSignal): Promise<Dtmf | null> {
    const queued = this.#queued.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (signal.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const finish = (digit: Dtmf | null) => {
        clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.#waiter = null;
        resolve(digit);
      };
      const onAbort = () => finish(null);
      const timer = clock.setTimeout(() => finish(null), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiter = finish;
    });
  }

  close(): void {
    this.#unsubscribe();
    this.#waiter?.(null);
    this.#queued.length = 0;
  }
}

export interface DigitCollection {
  /** How long to wait for the first digit. */
  firstDigitTimeoutMs: number;
  /** How long to wait for each further digit (e.g. 3 s while dialling an extension). */
  interDigitTimeoutMs: number;
  /** The entry ends when it has this many digits. */
  maxDigits: number;
  /** Keys that end the entry and are not part of it (e.g. `#`). */
  terminators?: readonly Dtmf[];
  /** Ends the entry at once when it returns true (e.g. the digits name one extension only). */
  complete?: (digits: string) => boolean;
}

export interface CollectedDigits {
  /** What was entered, without a terminator. */
  digits: string;
  /**
   * - `terminator`: a terminator was pressed (`terminator` says which; `digits` may be empty);
   * - `maxDigits`, `complete`: the entry was full;
   * - `timeout`: no (further) digit in time — with no digits at all, no input;
   * - `aborted`: the caller hung up or the switch is stopping.
   */
  endedBy: 'terminator' | 'maxDigits' | 'complete' | 'timeout' | 'aborted';
  terminator?: Dtmf;
}

/** Reads one entry of digits from `queue` (see {@link DigitCollection}). */
export async function collectDigits(
  queue: DigitQueue,
  clock: Clock,
  options: DigitCollection,
  signal: AbortSignal,
): Promise<CollectedDigits> {
  let digits = '';
  for (;;) {
    const digit = await queue.next(
      clock,
      digits === '' ? options.firstDigitTimeoutMs : options.interDigitTimeoutMs,
      signal,
    );
    if (signal.aborted) return { digits, endedBy: 'aborted' };
    if (digit === null) return { digits, endedBy: 'timeout' };
    if (options.terminators?.includes(digit)) return { digits, endedBy: 'terminator', terminator: digit };
    digits += digit;
    if (options.complete?.(digits)) return { digits, endedBy: 'complete' };
    if (digits.length >= options.maxDigits) return { digits, endedBy: 'maxDigits' };
  }
}
