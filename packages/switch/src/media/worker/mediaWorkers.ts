import type { FileStore } from '@vaxel/store';
import type { SwitchLogger } from '../../kernel/logger.ts';
import type { ThreadLoad } from '../../kernel/threadLoad.ts';
import { noFigures, withTotalsOf, type MediaPlaneFigures } from '../mediaPlaneTally.ts';
import { MediaWorkerConnection } from './mediaWorkerConnection.ts';
import type { RemoteCallPlane } from './remoteCallPlane.ts';
import { rtpPortSlices } from './rtpPortSlices.ts';

export interface MediaWorkersOptions {
  /** How many worker threads (≥ 1). */
  count: number;
  /** The address RTP ports bind to. */
  bindAddress: string;
  /** The switch's RTP port range, cut into one slice per worker. */
  rtpPortRange: { min: number; max: number };
  /** The switch's file store (recordings and voicemail are written through it). */
  files: FileStore;
  logger: SwitchLogger;
  /** How often each worker reports its figures when idle (default 1000 ms). */
  statsIntervalMs?: number;
}

/** What the media workers hold and dropped, summed over them (Switch.stats, Switch.mediaStats). */
export interface MediaWorkersStats {
  rtpPorts: number;
  strangerPacketsDropped: number;
}

/** One worker thread's figures, named by its slot (`media-0`…), which a replacement keeps. */
export interface MediaWorkerThreadStats {
  thread: string;
  figures: MediaPlaneFigures;
  /** Its thread's load over the last second (zeros while no worker runs on the slot). */
  load: ThreadLoad;
}

interface Slot {
  thread: string;
  range: { min: number; max: number };
  /** The totals of the slot's workers that are gone (a slot's counters never go back). */
  gone: MediaPlaneFigures;
  worker: MediaWorkerConnection | null;
  starting: Promise<MediaWorkerConnection | null> | null;
}

/**
 * The switch's media worker threads (issue 11, "Media on every core"): N workers, each with its
 * slice of the RTP port range. A new call's plane goes to the worker with the fewest calls. A
 * worker that exits unasked (a crash) takes only its own calls with it — they hear `inactive` on
 * both sides and end as an RTP timeout ends them — and a replacement is started on its slice for
 * new calls; the others carry on.
 */
export class MediaWorkers {
  readonly #options: MediaWorkersOptions;
  readonly #slots: Slot[];
  #nextCall = 1;
  #closed = false;

  static async start(options: MediaWorkersOptions): Promise<MediaWorkers> {
    const workers = new MediaWorkers(options);
    const started = await Promise.all(workers.#slots.map((slot) => workers.#startOn(slot)));
    if (started.some((worker) => worker === null)) {
      await workers.close();
      throw new Error('the media workers could not start (see the log)');
    }
    options.logger.info('media workers started', {
      count: options.count,
      rtpPorts: workers.#slots.map((s) => s.range),
    });
    return workers;
  }

  private constructor(options: MediaWorkersOptions) {
    this.#options = options;
    this.#slots = rtpPortSlices(options.rtpPortRange, options.count).map((range, index) => ({
      thread: `media-${index}`,
      range,
      gone: noFigures(),
      worker: null,
      starting: null,
    }));
  }

  /** The workers running now (tests end one to see the others carry on). */
  get workers(): readonly MediaWorkerConnection[] {
    return this.#slots.flatMap((slot) => (slot.worker ? [slot.worker] : []));
  }

  /** A new call's plane on the least-loaded worker (waiting for a replacement when none runs). */
  async open(options: { inactivityTimeoutMs: number }): Promise<RemoteCallPlane> {
    if (this.#closed) throw new Error('the media workers are stopped');
    let worker = this.#leastLoaded();
    if (!worker) {
      const starting = this.#slots.flatMap((slot) => (slot.starting ? [slot.starting] : []));
      worker = (await Promise.all(starting)).find((w) => w && !w.exited) ?? null;
      if (!worker) throw new Error('no media worker is running');
    }
    return worker.openCall(`call-${this.#nextCall++}`, options.inactivityTimeoutMs);
  }

  stats(): MediaWorkersStats {
    let rtpPorts = 0;
    let strangerPacketsDropped = 0;
    for (const slot of this.#slots) {
      rtpPorts += slot.worker?.stats.rtpPorts ?? 0;
      strangerPacketsDropped +=
        slot.gone.strangerPacketsDropped + (slot.worker?.stats.figures.strangerPacketsDropped ?? 0);
    }
    return { rtpPorts, strangerPacketsDropped };
  }

  /** Each worker's calls' RTP figures and its thread's load, as it last reported them. */
  threads(): MediaWorkerThreadStats[] {
    return this.#slots.map(({ thread, gone, worker }) => ({
      thread,
      figures: withTotalsOf(gone, worker?.stats.figures ?? noFigures()),
      load: worker?.stats.load ?? { eventLoopDelayMs: 0, utilization: 0 },
    }));
  }

  /** Stops every worker (calls should be closed first: their ports go with the threads). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((slot) => slot.starting));
    await Promise.all(this.workers.map((worker) => worker.terminate({ stopping: true })));
    for (const slot of this.#slots) slot.worker = null;
  }

  #leastLoaded(): MediaWorkerConnection | null {
    let best: MediaWorkerConnection | null = null;
    for (const worker of this.workers) if (!worker.exited && (!best || worker.calls < best.calls)) best = worker;
    return best;
  }

  #startOn(slot: Slot): Promise<MediaWorkerConnection | null> {
    const { logger } = this.#options;
    slot.starting = MediaWorkerConnection.start({
      data: {
        bindAddress: this.#options.bindAddress,
        rtpPortRange: slot.range,
        statsIntervalMs: this.#options.statsIntervalMs ?? 1000,
      },
      files: this.#options.files,
      logger,
      onExit: (gone) => this.#exited(slot, gone),
    }).then(
      (worker) => {
        slot.worker = worker;
        slot.starting = null;
        return worker;
      },
      (error: unknown) => {
        slot.starting = null;
        logger.error('a media worker could not start', { error: String(error), ports: slot.range });
        return null;
      },
    );
    return slot.starting;
  }

  #exited(slot: Slot, gone: MediaWorkerConnection): void {
    if (slot.worker !== gone) return;
    slot.worker = null;
    slot.gone = withTotalsOf(slot.gone, gone.stats.figures);
    this.#options.logger.error('a media worker exited; its calls end, a new one takes its ports', {
      threadId: gone.threadId,
      ports: slot.range,
    });
    if (!this.#closed) void this.#startOn(slot);
  }
}
