import { systemClock, type Clock } from '../kernel/clock.ts';

/**
 * What the switch knows of each user's phones across every call (R16, R33): the calls they are
 * in (direct calls as much as queue calls) and the legs ringing their phones, each with since
 * when, and when their last call ended. Busy handling and call waiting read it, and so does the
 * queue (an agent on a call or ringing elsewhere is skipped; longest idle reads `lastCallEndedAt`).
 */
export interface Presence {
  isBusy(userId: string): boolean;
  /** Marks the user as in this call until the returned function is called (safe twice). */
  occupy(userId: string): () => void;
  /** A leg rings one of the user's phones until the returned function is called (safe twice). */
  ring(userId: string): () => void;
  isRinging(userId: string): boolean;
  /** Since when the user has been on a call / ringing / neither, ms since the epoch (null: not since start-up). */
  since(userId: string): number | null;
  /** When the user's last call (any call) ended, ms since the epoch; null: none since start-up. */
  lastCallEndedAt(userId: string): number | null;
  /** Called with the user's id after every change; returns the unsubscribe function. */
  onChange(listener: (userId: string) => void): () => void;
}

interface UserMarks {
  calls: number;
  ringing: number;
}

/** In-memory presence on the switch's clock (this switch node only). */
export class LocalPresence implements Presence {
  readonly #clock: Clock;
  readonly #marks = new Map<string, UserMarks>();
  readonly #since = new Map<string, number>();
  readonly #lastCallEnded = new Map<string, number>();
  readonly #listeners = new Set<(userId: string) => void>();

  constructor(clock: Pick<Clock, 'now'> = systemClock) {
    this.#clock = { ...systemClock, now: () => clock.now() };
  }

  isBusy(userId: string): boolean {
    return (this.#marks.get(userId)?.calls ?? 0) > 0;
  }

  isRinging(userId: string): boolean {
    return (this.#marks.get(userId)?.ringing ?? 0) > 0;
  }

  occupy(userId: string): () => void {
    return this.#mark(userId, 'calls');
  }

  ring(userId: string): () => void {
    return this.#mark(userId, 'ringing');
  }

  since(userId: string): number | null {
    return this.#since.get(userId) ?? null;
  }

  lastCallEndedAt(userId: string): number | null {
    return this.#lastCallEnded.get(userId) ?? null;
  }

  onChange(listener: (userId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Users with a call or a ringing leg (for the harness's "nothing left" check). */
  get size(): number {
    return this.#marks.size;
  }

  #mark(userId: string, kind: keyof UserMarks): () => void {
    const before = this.#stateOf(userId);
    const marks = this.#marks.get(userId) ?? { calls: 0, ringing: 0 };
    marks[kind]++;
    this.#marks.set(userId, marks);
    this.#changed(userId, before);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const was = this.#stateOf(userId);
      const current = this.#marks.get(userId);
      if (!current) return;
      current[kind]--;
      if (current.calls <= 0 && current.ringing <= 0) this.#marks.delete(userId);
      if (kind === 'calls' && current.calls <= 0) this.#lastCallEnded.set(userId, this.#clock.now());
      this.#changed(userId, was);
    };
  }

  /** Ringing first: a user's phone rung for a direct call is occupied (call waiting) as it rings. */
  #stateOf(userId: string): 'onCall' | 'ringing' | 'free' {
    return this.isRinging(userId) ? 'ringing' : this.isBusy(userId) ? 'onCall' : 'free';
  }

  #changed(userId: string, before: 'onCall' | 'ringing' | 'free'): void {
    if (this.#stateOf(userId) !== before) this.#since.set(userId, this.#clock.now());
    for (const listener of [...this.#listeners]) listener(userId);
  }
}
