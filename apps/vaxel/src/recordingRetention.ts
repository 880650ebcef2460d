import { deleteRecording, type FileStore, type RecordingRepository } from '@vaxel/store';
import type { Clock, TimerHandle } from '@vaxel/switch';
import type { Component } from './component.ts';

export interface RecordingRetentionOptions {
  recordings: Pick<RecordingRepository, 'listExpired' | 'delete'>;
  files: FileStore;
  clock: Clock;
  /** Time between sweeps (default one hour): a recording outlives its retention by at most this. */
  intervalMs?: number;
  /** Recordings read per store query; a sweep goes on until none is left. */
  batchSize?: number;
  logger: {
    info(message: string, details?: Record<string, unknown>): void;
    warn(message: string, details?: Record<string, unknown>): void;
  };
}

/**
 * R56: recordings are deleted, audio and row, once their policy's retention has passed
 * (`expiresAt`, set when the recording was made). A sweep runs at start and then every
 * `intervalMs` on the clock; one recording that cannot be deleted (a file store error) is
 * logged and left for the next sweep, and never stops the others.
 */
export class RecordingRetention implements Component {
  readonly name = 'recording retention';
  readonly #options: RecordingRetentionOptions;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  #timer: TimerHandle | null = null;
  #sweeping: Promise<number> = Promise.resolve(0);
  #stopped = false;

  constructor(options: RecordingRetentionOptions) {
    this.#options = options;
    this.#intervalMs = options.intervalMs ?? 3_600_000;
    this.#batchSize = options.batchSize ?? 100;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    this.#tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = null;
    await this.#sweeping;
  }

  /** The sweep now running (or the last one): resolves with how many recordings it deleted. */
  settled(): Promise<number> {
    return this.#sweeping;
  }

  /** Deletes every recording expired at the clock's now; resolves with how many. */
  sweep(): Promise<number> {
    this.#sweeping = this.#sweeping.then(() => this.#sweepOnce());
    return this.#sweeping;
  }

  #tick(): void {
    void this.sweep();
    if (this.#stopped) return;
    this.#timer = this.#options.clock.setTimeout(() => this.#tick(), this.#intervalMs);
  }

  async #sweepOnce(): Promise<number> {
    const { recordings, files, logger } = this.#options;
    const now = new Date(this.#options.clock.now()).toISOString();
    const failed = new Set<string>();
    let deleted = 0;
    try {
      for (;;) {
        const expired = (await recordings.listExpired(now, this.#batchSize + failed.size)).filter(
          (r) => !failed.has(r.id),
        );
        if (expired.length === 0) break;
        for (const recording of expired) {
          try {
            await deleteRecording(recordings, files, recording.organisationId, recording.id);
            deleted++;
          } catch (error) {
            failed.add(recording.id);
            logger.warn('could not delete an expired recording; the next sweep tries again', {
              organisationId: recording.organisationId,
              recordingId: recording.id,
              error: String(error),
            });
          }
        }
      }
    } catch (error) {
      logger.warn('could not read expired recordings; the next sweep tries again', { error: String(error) });
    }
    if (deleted > 0) logger.info('deleted recordings past their retention', { deleted });
    return deleted;
  }
}
