/**
 * A thread's load over its last second (issue 11, metrics: the event-loop delay of the switch's
 * thread and of each media worker). Fed the 100-ms samples of a {@link LoadSampler}; read as the
 * worst delay of the window — the longest a packet or message that arrived then waited — and the
 * thread's mean utilisation over it.
 */
export interface ThreadLoad {
  /** The worst event-loop delay over the window, ms. */
  eventLoopDelayMs: number;
  /** How busy the thread was over the window (`performance.eventLoopUtilization`), 0…1. */
  utilization: number;
}

export class ThreadLoadWindow {
  readonly #delays: Float64Array;
  readonly #utilizations: Float64Array;
  #next = 0;
  #filled = 0;

  /** `size` samples make the window (10 of the sampler's 100 ms: one second). */
  constructor(size = 10) {
    this.#delays = new Float64Array(size);
    this.#utilizations = new Float64Array(size);
  }

  add(sample: ThreadLoad): void {
    this.#delays[this.#next] = sample.eventLoopDelayMs;
    this.#utilizations[this.#next] = sample.utilization;
    this.#next = (this.#next + 1) % this.#delays.length;
    this.#filled = Math.min(this.#filled + 1, this.#delays.length);
  }

  /** Zeros before the first sample. */
  reading(): ThreadLoad {
    let worst = 0;
    let busy = 0;
    for (let i = 0; i < this.#filled; i++) {
      worst = Math.max(worst, this.#delays[i]!);
      busy += this.#utilizations[i]!;
    }
    return { eventLoopDelayMs: worst, utilization: this.#filled === 0 ? 0 : busy / this.#filled };
  }
}
