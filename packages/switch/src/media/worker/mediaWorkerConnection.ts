import { Worker } from 'node:worker_threads';
import type { FileStore } from '@vaxel/store';
import type { SwitchLogger } from '../../kernel/logger.ts';
import { noFigures, withTotalsOf } from '../mediaPlaneTally.ts';
import { FileRequests } from './fileStoreOverPort.ts';
import {
  carryError,
  liftError,
  parseFromWorker,
  type FromWorkerMessage,
  type MediaWorkerData,
  type PlaneCommand,
  type PlaneCommandName,
  type PlaneReplies,
  type StatsMessage,
  type ToWorkerMessage,
} from './mediaWorkerProtocol.ts';
import { MediaWorkerGone, RemoteCallPlane, type PlaneChannel } from './remoteCallPlane.ts';

export interface MediaWorkerConnectionOptions {
  data: MediaWorkerData;
  /** The switch's file store, which the worker writes recordings and voicemail through. */
  files: FileStore;
  logger: SwitchLogger;
  /** Told once when the worker exits without being asked to (a crash, `terminate()` by a test). */
  onExit?: (connection: MediaWorkerConnection) => void;
}

const BOOT = new URL('./mediaWorkerBoot.mjs', import.meta.url);

/**
 * The switch's side of one media worker thread (issue 11): starts it (resolving once its entry
 * has loaded), numbers the commands and resolves each by its reply, routes the worker's events to
 * its calls' {@link RemoteCallPlane}s, answers its file requests on the switch's file store, and
 * keeps its latest figures. When the thread exits, every command waiting fails with
 * {@link MediaWorkerGone} and every call on it is told (`workerGone`).
 */
export class MediaWorkerConnection implements PlaneChannel {
  readonly #worker: Worker;
  readonly #options: MediaWorkerConnectionOptions;
  readonly #files: FileRequests;
  readonly #waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly #planes = new Map<string, RemoteCallPlane>();
  #nextId = 1;
  #stats: StatsMessage = {
    kind: 'stats',
    rtpPorts: 0,
    figures: noFigures(),
    load: { eventLoopDelayMs: 0, utilization: 0 },
  };
  #lastHeardAt = performance.now();
  #exited = false;
  #stopping = false;
  readonly #exit: Promise<number>;

  /** Starts a worker; resolves when it is ready for calls, rejects when it could not start. */
  static async start(options: MediaWorkerConnectionOptions): Promise<MediaWorkerConnection> {
    const connection = new MediaWorkerConnection(options);
    await connection.#ready;
    return connection;
  }

  readonly #ready: Promise<void>;

  private constructor(options: MediaWorkerConnectionOptions) {
    this.#options = options;
    this.#files = new FileRequests(options.files);
    // No inherited execArgv: the boot module brings its own TypeScript loader (see it).
    this.#worker = new Worker(BOOT, { workerData: options.data, execArgv: [] });
    let ready!: () => void;
    let failed!: (error: Error) => void;
    this.#ready = new Promise<void>((resolve, reject) => {
      ready = resolve;
      failed = reject;
    });
    let started = false;
    let lastError: unknown = null;
    this.#worker.on('message', (value: unknown) => {
      this.#lastHeardAt = performance.now();
      let message: FromWorkerMessage;
      try {
        message = parseFromWorker(value);
      } catch (error) {
        options.logger.error('media worker sent a message outside the protocol', { error: String(error) });
        return;
      }
      if (message.kind === 'ready') {
        started = true;
        ready();
      } else this.#receive(message);
    });
    this.#worker.on('error', (error) => {
      lastError = error;
      options.logger.error('media worker failed', { error: String(error) });
    });
    this.#exit = new Promise<number>((resolve) =>
      this.#worker.once('exit', (code) => {
        this.#exited = true;
        if (!started) failed(new Error(`the media worker exited before it was ready: ${String(lastError ?? code)}`));
        this.#gone();
        if (!this.#stopping) options.onExit?.(this);
        resolve(code);
      }),
    );
  }

  /** Calls open on this worker (the pool's measure of load). */
  get calls(): number {
    return this.#planes.size;
  }

  /** The worker's latest figures (ports and calls now, its calls' RTP since it started, its thread's load). */
  get stats(): StatsMessage {
    return this.#stats;
  }

  get exited(): boolean {
    return this.#exited;
  }

  get threadId(): number {
    return this.#worker.threadId;
  }

  /** Opens a call's plane on this worker. */
  async openCall(callId: string, inactivityTimeoutMs: number): Promise<RemoteCallPlane> {
    const plane = await RemoteCallPlane.open(this, callId, inactivityTimeoutMs);
    if (this.#exited) {
      plane.workerGone(performance.now() - this.#lastHeardAt);
      return plane;
    }
    this.#planes.set(callId, plane);
    return plane;
  }

  send<N extends PlaneCommandName>(
    callId: string,
    command: Extract<PlaneCommand, { name: N }>,
    transfer?: ArrayBuffer[],
  ): Promise<PlaneReplies[N]> {
    if (this.#exited) return Promise.reject(new MediaWorkerGone('the media worker exited'));
    const id = this.#nextId++;
    return new Promise<PlaneReplies[N]>((resolve, reject) => {
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#post({ kind: 'command', id, callId, command }, transfer);
    });
  }

  forget(callId: string): void {
    this.#planes.delete(callId);
  }

  /** Stops the thread (the switch stopping, or a test killing it: `onExit` is told unless stopping). */
  async terminate(options: { stopping?: boolean } = {}): Promise<void> {
    if (options.stopping) this.#stopping = true;
    await this.#worker.terminate();
    await this.#exit;
  }

  #post(message: ToWorkerMessage, transfer?: ArrayBuffer[]): void {
    this.#worker.postMessage(message, transfer);
  }

  #receive(message: Exclude<FromWorkerMessage, { kind: 'ready' }>): void {
    switch (message.kind) {
      case 'reply': {
        const waiting = this.#waiting.get(message.id);
        this.#waiting.delete(message.id);
        if (!waiting) return;
        if (message.result.ok) waiting.resolve(message.result.value);
        else waiting.reject(liftError(message.result.error));
        return;
      }
      case 'event':
        this.#planes.get(message.callId)?.dispatch(message.event);
        return;
      case 'stats':
        this.#stats = message;
        return;
      case 'file': {
        const { id } = message;
        this.#files.handle(message.request).then(
          (value) => this.#exited || this.#post({ kind: 'fileReply', id, result: { ok: true, value } }),
          (error: unknown) =>
            this.#exited || this.#post({ kind: 'fileReply', id, result: { ok: false, error: carryError(error) } }),
        );
        return;
      }
    }
  }

  #gone(): void {
    const silentForMs = performance.now() - this.#lastHeardAt;
    // Its totals stay (MediaWorkers carries them over to its successor); nothing is open any more.
    this.#stats = {
      kind: 'stats',
      rtpPorts: 0,
      figures: withTotalsOf(this.#stats.figures, noFigures()),
      load: { eventLoopDelayMs: 0, utilization: 0 },
    };
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const { reject } of waiting) reject(new MediaWorkerGone('the media worker exited'));
    const planes = [...this.#planes.values()];
    this.#planes.clear();
    for (const plane of planes) plane.workerGone(silentForMs);
    void this.#files.closeAll();
  }
}
