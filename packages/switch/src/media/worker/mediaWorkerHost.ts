import { InvalidStateError, RtpPortPool } from '@vaxel/media';
import type { FileStore } from '@vaxel/store';
import type { RecordingSummary } from '../callMedia.ts';
import { LoadSampler } from '../../kernel/loadSampler.ts';
import { ThreadLoadWindow } from '../../kernel/threadLoad.ts';
import { LocalCallPlane } from '../localCallPlane.ts';
import { MediaPlaneTally, type MediaPlaneFigures } from '../mediaPlaneTally.ts';
import { fileStoreOverPort } from './fileStoreOverPort.ts';
import {
  carryError,
  liftError,
  parseToWorker,
  type CommandMessage,
  type FileRequest,
  type FileValue,
  type FromWorkerMessage,
  type MediaWorkerData,
  type PlaneCommand,
  type ToWorkerMessage,
} from './mediaWorkerProtocol.ts';

/** The worker's end of its port (`parentPort` in the thread; a `MessageChannel` port in a test). */
export interface WorkerPort {
  postMessage(message: FromWorkerMessage): void;
  on(event: 'message', listener: (value: unknown) => void): void;
}

interface HostedCall {
  plane: LocalCallPlane;
  recordings: Map<number, { stop(): Promise<RecordingSummary> }>;
  messages: Map<number, AbortController>;
}

/**
 * A media worker's work (issue 11): the {@link LocalCallPlane}s of its calls, keyed by call id,
 * over its own RTP port pool (its slice of the switch's range). Commands are carried out in the
 * order they come — each is started before the next message is read, so `configure` then
 * `bridge` bridges configured sides — and answered by id. Its calls' events and its figures go
 * back to the switch; files are the switch's (`fileStoreOverPort`).
 */
export class MediaWorkerHost {
  readonly #port: WorkerPort;
  readonly #pool: RtpPortPool;
  readonly #files: FileStore;
  readonly #calls = new Map<string, HostedCall>();
  readonly #tally = new MediaPlaneTally();
  /** The calls' figures as last summed (each periodic report sums them afresh). */
  #figures: MediaPlaneFigures;
  readonly #load = new ThreadLoadWindow();
  readonly #loadSampler = new LoadSampler({ onSample: (sample) => this.#load.add(sample) });
  readonly #fileAnswers = new Map<number, { resolve(value: FileValue): void; reject(error: Error): void }>();
  readonly #statsTimer: NodeJS.Timeout;
  #nextFileRequest = 1;

  constructor(port: WorkerPort, data: MediaWorkerData) {
    this.#port = port;
    this.#pool = new RtpPortPool({
      minPort: data.rtpPortRange.min,
      maxPort: data.rtpPortRange.max,
      address: data.bindAddress,
    });
    this.#files = fileStoreOverPort((request) => this.#askFile(request));
    this.#figures = this.#tally.figures();
    port.on('message', (value) => this.#receive(value));
    this.#loadSampler.start();
    this.#statsTimer = setInterval(() => this.#reportStats({ summed: true }), data.statsIntervalMs);
    this.#statsTimer.unref();
    port.postMessage({ kind: 'ready' });
  }

  #receive(value: unknown): void {
    let message: ToWorkerMessage;
    try {
      message = parseToWorker(value);
    } catch (error) {
      // A message without a readable id cannot be answered: the switch's side has a bug; say so loudly.
      const id = (value as { id?: unknown } | null)?.id;
      if (typeof id === 'number')
        this.#port.postMessage({ kind: 'reply', id, result: { ok: false, error: carryError(error) } });
      else throw error;
      return;
    }
    if (message.kind === 'fileReply') {
      const answer = this.#fileAnswers.get(message.id);
      this.#fileAnswers.delete(message.id);
      if (message.result.ok) answer?.resolve(message.result.value);
      else answer?.reject(liftError(message.result.error));
      return;
    }
    this.#carryOut(message).then(
      (value) => this.#port.postMessage({ kind: 'reply', id: message.id, result: { ok: true, value } }),
      (error: unknown) =>
        this.#port.postMessage({ kind: 'reply', id: message.id, result: { ok: false, error: carryError(error) } }),
    );
  }

  /** Starts the command at once (its synchronous part runs before the next message is read). */
  #carryOut({ callId, command }: CommandMessage): Promise<unknown> {
    if (command.name === 'open') return this.#open(callId, command.inactivityTimeoutMs);
    const call = this.#calls.get(callId);
    if (!call) {
      // Commands after close (a late stop) change nothing, as on a closed local plane.
      if (command.name === 'play') return Promise.resolve({ reason: 'stopped' });
      if (command.name === 'startRecording' || command.name === 'recordMessage')
        return Promise.reject(new InvalidStateError('the call media is closed'));
      return Promise.resolve(null);
    }
    return this.#onCall(callId, call, command);
  }

  async #open(callId: string, inactivityTimeoutMs: number): Promise<unknown> {
    if (this.#calls.has(callId)) throw new InvalidStateError(`call ${callId} is open on this worker already`);
    const plane = await LocalCallPlane.open({
      pool: this.#pool,
      inactivityTimeoutMs,
      files: this.#files,
      tally: this.#tally,
    });
    this.#calls.set(callId, { plane, recordings: new Map(), messages: new Map() });
    plane.on((event) => this.#port.postMessage({ kind: 'event', callId, event }));
    // Figures before the reply: once `open` resolves, the switch's count includes the call's ports.
    this.#reportStats();
    return { localPorts: plane.localPorts };
  }

  #onCall(callId: string, call: HostedCall, command: Exclude<PlaneCommand, { name: 'open' }>): Promise<unknown> {
    const { plane } = call;
    switch (command.name) {
      case 'configure':
        plane.configure(command.side, command.config);
        return Promise.resolve(null);
      case 'setHeld':
        plane.setHeld(command.held);
        return Promise.resolve(null);
      case 'bridge':
        return plane.bridge().then(() => null);
      case 'unbridge':
        return plane.unbridge().then(() => null);
      case 'play':
        return plane.play(command.side, command.request);
      case 'stopPlaying':
        return plane.stopPlaying(command.side).then(() => null);
      case 'injectDigit':
        plane.injectDigit(command.side, command.digit, 'info');
        return Promise.resolve(null);
      case 'startRecording':
        return plane.startRecording(command.request).then((recording) => {
          call.recordings.set(command.recordingId, recording);
          return null;
        });
      case 'stopRecording': {
        const recording = call.recordings.get(command.recordingId);
        if (!recording) return Promise.reject(new InvalidStateError(`no recording ${command.recordingId}`));
        return recording.stop();
      }
      case 'recordMessage': {
        const abort = new AbortController();
        call.messages.set(command.messageId, abort);
        return plane
          .recordMessage(command.side, command.request, abort.signal)
          .finally(() => call.messages.delete(command.messageId));
      }
      case 'abortMessage':
        call.messages.get(command.messageId)?.abort();
        return Promise.resolve(null);
      case 'close':
        return plane.close().then(() => {
          this.#calls.delete(callId);
          this.#reportStats();
          return null;
        });
    }
  }

  #askFile(request: FileRequest): Promise<FileValue> {
    const id = this.#nextFileRequest++;
    return new Promise<FileValue>((resolve, reject) => {
      this.#fileAnswers.set(id, { resolve, reject });
      this.#port.postMessage({ kind: 'file', id, request });
    });
  }

  /**
   * Reports the worker's figures: after each open and close only what is counted as it happens
   * (ports, calls, strangers' packets) is current, so a call's set-up sums nothing; the periodic
   * report sums every call's packets, loss and jitter afresh.
   */
  #reportStats(options: { summed?: boolean } = {}): void {
    const figures = options.summed
      ? this.#tally.figures()
      : {
          ...this.#figures,
          calls: this.#tally.calls,
          strangerPacketsDropped: this.#tally.drops.strangerPacketsDropped,
        };
    this.#figures = figures;
    this.#port.postMessage({ kind: 'stats', rtpPorts: this.#pool.inUse, figures, load: this.#load.reading() });
  }
}
