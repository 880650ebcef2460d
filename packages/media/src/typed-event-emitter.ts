/** Maps each event name to the tuple of arguments its listeners receive. */
export type EventMap = Record<string, unknown[]>;

type Listener = (...args: unknown[]) => void;

interface Registration {
  readonly listener: Listener;
  readonly once: boolean;
}

const NONE: readonly Registration[] = [];

/**
 * An event emitter whose event names and listener arguments are checked by the compiler
 * (the habit of mediasoup's `enhancedEvents.ts`). A listener that throws does not break the
 * emitter: the error is reported via `process.emitWarning`, so one faulty consumer cannot stop
 * media for everyone else.
 *
 * Listeners are called in the order they were added; one added or removed during an emit takes
 * effect from the next emit (as with node:events). Issue 11: `rtp` is emitted for every packet of
 * every call, so the lists are copied when listeners change, never when an event is emitted — an
 * emit allocates nothing (node:events' `listeners()` copied the list per packet).
 */
export class TypedEventEmitter<Events extends EventMap> {
  #registrations = new Map<string, readonly Registration[]>();

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    return this.#add(event, { listener: listener as Listener, once: false });
  }

  once<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    return this.#add(event, { listener: listener as Listener, once: true });
  }

  /** Removes the listener's last registration for the event (as node:events does). */
  off<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    const current = this.#registrations.get(event);
    if (!current) return this;
    const index = current.findLastIndex((r) => r.listener === listener);
    if (index < 0) return this;
    if (current.length === 1) this.#registrations.delete(event);
    else this.#registrations.set(event, [...current.slice(0, index), ...current.slice(index + 1)]);
    return this;
  }

  listenerCount<K extends keyof Events & string>(event: K): number {
    return this.#registrations.get(event)?.length ?? 0;
  }

  removeAllListeners(): this {
    this.#registrations.clear();
    return this;
  }

  /** Calls every listener; returns whether there were any. */
  protected emit<K extends keyof Events & string>(event: K, ...args: Events[K]): boolean {
    const registrations = this.#registrations.get(event) ?? NONE;
    for (let i = 0; i < registrations.length; i++) {
      const { listener, once } = registrations[i]!;
      if (once) this.#removeRegistration(event, registrations[i]!);
      try {
        listener(...args);
      } catch (error) {
        process.emitWarning(
          `listener for '${event}' threw: ${error instanceof Error ? error.message : String(error)}`,
          'MediaListenerWarning',
        );
      }
    }
    return registrations.length > 0;
  }

  #add(event: string, registration: Registration): this {
    this.#registrations.set(event, [...(this.#registrations.get(event) ?? NONE), registration]);
    return this;
  }

  #removeRegistration(event: string, registration: Registration): void {
    const current = this.#registrations.get(event);
    if (!current) return;
    const rest = current.filter((r) => r !== registration);
    if (rest.length === 0) this.#registrations.delete(event);
    else this.#registrations.set(event, rest);
  }
}
