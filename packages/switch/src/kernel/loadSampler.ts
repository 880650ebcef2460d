/**
 * The load of the switch's thread, sampled for the overload guard (security/overloadGuard.ts):
 * every 100 ms, the worst lateness of a 10-ms timer over the sample (how long a SIP message that
 * arrived then waited before the switch could read it), how busy the thread was
 * (`performance.eventLoopUtilization`: a late timer on an idle thread is the machine's doing), the
 * transactions open, and how long a SIP datagram waits in the socket's queue before it is read (a
 * wait the timer does not see: the loop goes round between batches of datagrams).
 *
 * Its own timer rather than `perf_hooks.monitorEventLoopDelay`: on Node 20 the histogram did not
 * show a 60-ms block of the thread at all (measured 10.15 ms max), the timer saw it (53.7 ms).
 * Real time and real timers whatever the switch's clock (a fake clock in a test does not stop the
 * thread's load). Both timers are unref'd: sampling never keeps a process alive.
 */
import { performance } from 'node:perf_hooks';
import type { LoadSample } from '../security/overloadGuard.ts';

export interface LoadSamplerOptions {
  /** The SIP transactions open (none in a media worker). */
  transactions?: () => number;
  /** How long a SIP datagram waits in the socket's queue before it is read, ms (none in a media worker). */
  sipQueueDelayMs?: () => number;
  onSample: (sample: LoadSample) => void;
  /** Default 100 ms. */
  sampleIntervalMs?: number;
}

const PROBE_MS = 10;

export class LoadSampler {
  readonly #options: LoadSamplerOptions;
  #probe: ReturnType<typeof setTimeout> | undefined;
  #sampler: ReturnType<typeof setInterval> | undefined;
  #due = 0;
  #worstLateMs = 0;
  #utilization = performance.eventLoopUtilization();

  constructor(options: LoadSamplerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#sampler) return;
    this.#armProbe();
    this.#sampler = setInterval(() => {
      const eventLoopDelayMs = Math.max(this.#worstLateMs, performance.now() - this.#due);
      this.#worstLateMs = 0;
      const since = performance.eventLoopUtilization(this.#utilization);
      this.#utilization = performance.eventLoopUtilization();
      this.#options.onSample({
        eventLoopDelayMs: Math.max(0, eventLoopDelayMs),
        transactions: this.#options.transactions?.() ?? 0,
        sipQueueDelayMs: this.#options.sipQueueDelayMs?.() ?? 0,
        utilization: since.utilization,
      });
    }, this.#options.sampleIntervalMs ?? 100);
    this.#sampler.unref();
  }

  stop(): void {
    clearTimeout(this.#probe);
    clearInterval(this.#sampler);
    this.#probe = undefined;
    this.#sampler = undefined;
  }

  #armProbe(): void {
    this.#due = performance.now() + PROBE_MS;
    this.#probe = setTimeout(() => {
      this.#worstLateMs = Math.max(this.#worstLateMs, performance.now() - this.#due);
      this.#armProbe();
    }, PROBE_MS);
    this.#probe.unref();
  }
}
