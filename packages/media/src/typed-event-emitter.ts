/** Maps each event name to the tuple of arguments its listeners receive. */
export type EventMap = Record<string, unknown[]>;

type Listener = ((...args: unknown[]) => void) & { original?: Listener };

/**
 * An event emitter whose event names and listener arguments are checked by the compiler
 * (the habit of mediasoup's `enhancedEvents.ts`). A listener that throws does not break the
 * emitter: the error is reported via `process.emitWarning`, so one faulty consumer cannot stop
 * media for everyone else.
 *
 * Endpoints emit `rtp` for every packet (50 a second per side of every call), so emitting
 * allocates nothing: each event's listeners are an array replaced (never changed) when a
 * listener is added or removed, and `emit` walks the array it found — a listener added or
 * removed during an emit takes effect from the next one, as with Node's EventEmitter.
 */
export class TypedEventEmitter<Events extends EventMap> {
  readonly #listeners = new Map<string, readonly Listener[]>();

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener as Listener]);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    const once = (...args: Events[K]) => {
      this.off(event, once);
      listener(...args);
    };
    // `off` with the listener itself removes it before it fired, as with Node's EventEmitter.
    (once as Listener).original = listener as Listener;
    return this.on(event, once);
  }

  /** Removes the listener (the last one added, if it was added twice). */
  off<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    const listeners = this.#listeners.get(event);
    const at = listeners?.findLastIndex((l) => l === listener || l.original === listener) ?? -1;
    if (!listeners || at < 0) return this;
    if (listeners.length === 1) this.#listeners.delete(event);
    else this.#listeners.set(event, [...listeners.slice(0, at), ...listeners.slice(at + 1)]);
    return this;
  }

  listenerCount<K extends keyof Events & string>(event: K): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  removeAllListeners(): this {
    this.#listeners.clear();
    return this;
  }

  /** Calls every listener; returns whether there were any. */
  protected emit<K extends keyof Events & string>(event: K, ...args: Events[K]): boolean {
    const listeners = this.#listeners.get(event);
    if (!listeners) return false;
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        process.emitWarning(
          `listener for '${event}' threw: ${error instanceof Error ? error.message : String(error)}`,
          'MediaListenerWarning',
        );
      }
    }
    return true;
  }
}
