/** Calls a user is in right now, for busy handling and call waiting (R33). */
export interface Presence {
  isBusy(userId: string): boolean;
  /** Marks the user as in this call until the returned function is called. */
  occupy(userId: string): () => void;
}

/** In-memory count of the calls each user is in (this switch node only). */
export class LocalPresence implements Presence {
  readonly #calls = new Map<string, number>();

  isBusy(userId: string): boolean {
    return (this.#calls.get(userId) ?? 0) > 0;
  }

  occupy(userId: string): () => void {
    this.#calls.set(userId, (this.#calls.get(userId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#calls.get(userId) ?? 1) - 1;
      if (left <= 0) this.#calls.delete(userId);
      else this.#calls.set(userId, left);
    };
  }

  get size(): number {
    return this.#calls.size;
  }
}
