import type { SwitchStateRepository } from '@vaxel/store';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import type { SwitchLogger } from '../kernel/logger.ts';

/** How often the switch writes that it is alive (issue 10): a crash is dated to within this. */
export const HEARTBEAT_INTERVAL_MS = 5000;

export interface SwitchHeartbeatOptions {
  state: Pick<SwitchStateRepository, 'heartbeat'>;
  instanceId: string;
  clock: Clock;
  logger: SwitchLogger;
  intervalMs?: number;
}

/**
 * Issue 10: "alive at" written every few seconds, one row per switch instance, so a switch that
 * was killed (kill -9, power loss) closes the records it left open at the last moment it was
 * known to be alive instead of when it happened to start again. A failed write is logged and the
 * next beat tries again: a database hiccup must not stop calls.
 */
export class SwitchHeartbeat {
  readonly #options: SwitchHeartbeatOptions;
  #timer: TimerHandle | undefined;
  #running = false;
  #writing: Promise<void> = Promise.resolve();

  constructor(options: SwitchHeartbeatOptions) {
    this.#options = options;
  }

  /** Writes the first beat (awaited) and then one every interval. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#beat();
  }

  /** No beat after this resolves; safe twice. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#writing;
  }

  #beat(): Promise<void> {
    const { state, instanceId, clock, logger } = this.#options;
    this.#writing = state
      .heartbeat(instanceId, new Date(clock.now()).toISOString())
      .catch((error: unknown) => logger.warn('could not write the switch heartbeat', { error: String(error) }))
      .finally(() => {
        if (this.#running)
          this.#timer = clock.setTimeout(() => void this.#beat(), this.#options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
      });
    return this.#writing;
  }
}
