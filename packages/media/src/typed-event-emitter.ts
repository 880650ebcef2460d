import { EventEmitter } from 'node:events';

/** Maps each event name to the tuple of arguments its listeners receive. */
export type EventMap = Record<string, unknown[]>;

/**
 * An EventEmitter whose event names and listener arguments are checked by the compiler
 * (the habit of mediasoup's `enhancedEvents.ts`). A listener that throws does not break the
 * emitter: the error is reported on `'error'`-less emitters via `process.emitWarning`, so one
 * faulty consumer cannot stop media for everyone else.
 */
export class TypedEventEmitter<Events extends EventMap> {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(Infinity);
  }

  on<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<K extends keyof Events & string>(event: K, listener: (...args: Events[K]) => void): this {
    this.#emitter.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  listenerCount<K extends keyof Events & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  removeAllListeners(): this {
    this.#emitter.removeAllListeners();
    return this;
  }

  /** Calls every listener; returns whether there were any. */
  protected emit<K extends keyof Events & string>(event: K, ...args: Events[K]): boolean {
    const listeners = this.#emitter.listeners(event);
    for (const listener of listeners) {
      try {
        (listener as (...a: unknown[]) => void)(...args);
      } catch (error) {
        process.emitWarning(
          `listener for '${event}' threw: ${error instanceof Error ? error.message : String(error)}`,
          'MediaListenerWarning',
        );
      }
    }
    return listeners.length > 0;
  }
}
