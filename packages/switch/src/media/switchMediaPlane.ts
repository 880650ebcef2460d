import { availableParallelism } from 'node:os';
import { RtpPortPool } from '@vaxel/media';
import type { FileStore } from '@vaxel/store';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { ThreadLoad } from '../kernel/threadLoad.ts';
import { MediaPlaneTally, type MediaPlaneFigures } from './mediaPlaneTally.ts';
import type { OpenCallMediaOptions } from './openCallMedia.ts';
import { MediaWorkers } from './worker/mediaWorkers.ts';
import { defaultMediaWorkers } from './worker/rtpPortSlices.ts';

export interface SwitchMediaPlaneOptions {
  /** Media worker threads; default one per core (`defaultMediaWorkers`), 0 for this thread. */
  workers?: number;
  bindAddress: string;
  rtpPortRange: { min: number; max: number };
  files: FileStore;
  logger: SwitchLogger;
}

/** What the media plane carried and turned away (issues 10, 11): counted since the switch started. */
export interface MediaPlaneStats {
  /** RTP and RTCP datagrams from sources no call's SDP or signalling vouches for (RFC 7362). */
  strangerPacketsDropped: number;
  /**
   * Each media thread's calls' RTP — `media-0`, `media-1`… one per worker (a replacement keeps its
   * slot's name and totals), or `main` when the audio runs in the switch's thread.
   */
  threads: Array<{ thread: string } & MediaPlaneFigures>;
}

/**
 * Where the switch's calls' audio runs (issue 11, "Media on every core"): its media worker threads,
 * or — with 0 workers — this thread's RTP port pool, with a tally of its own. Opened at the
 * switch's start, closed at its stop; reads its figures for the switch's stats.
 */
export class SwitchMediaPlane {
  readonly #workers: MediaWorkers | null;
  readonly #pool: RtpPortPool | null;
  readonly #tally = new MediaPlaneTally();

  static async start(options: SwitchMediaPlaneOptions): Promise<SwitchMediaPlane> {
    const { bindAddress, rtpPortRange } = options;
    const count = options.workers ?? defaultMediaWorkers(rtpPortRange, availableParallelism());
    if (count > 0) {
      const workers = await MediaWorkers.start({ ...options, count });
      return new SwitchMediaPlane(workers, null);
    }
    return new SwitchMediaPlane(
      null,
      new RtpPortPool({ minPort: rtpPortRange.min, maxPort: rtpPortRange.max, address: bindAddress }),
    );
  }

  private constructor(workers: MediaWorkers | null, pool: RtpPortPool | null) {
    this.#workers = workers;
    this.#pool = pool;
  }

  /** Where a new call's audio runs: a media worker, or this thread's port pool. */
  get plane(): OpenCallMediaOptions['plane'] {
    return this.#workers ? { workers: this.#workers } : { pool: this.#pool!, tally: this.#tally };
  }

  /** RTP port pairs held by calls now. */
  get rtpPorts(): number {
    return this.#workers ? this.#workers.stats().rtpPorts : this.#pool!.inUse;
  }

  stats(): MediaPlaneStats {
    // Media workers report their counts with every call they open and close, their RTP each second.
    if (this.#workers) {
      const threads = this.#workers.threads().map(({ thread, figures }) => ({ thread, ...figures }));
      return { strangerPacketsDropped: this.#workers.stats().strangerPacketsDropped, threads };
    }
    const figures = this.#tally.figures();
    return { strangerPacketsDropped: figures.strangerPacketsDropped, threads: [{ thread: 'main', ...figures }] };
  }

  /** Each media worker's load over its last second (none with the audio in this thread). */
  workerLoads(): Array<{ thread: string } & ThreadLoad> {
    return this.#workers?.threads().map(({ thread, load }) => ({ thread, ...load })) ?? [];
  }

  async close(): Promise<void> {
    this.#pool?.close();
    await this.#workers?.close();
  }
}
