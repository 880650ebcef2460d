import { InvalidStateError } from './errors.ts';
import { decodeG711, G711_SAMPLE_RATE, type G711Codec } from './g711.ts';
import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';
import { WavFileWriter } from './wav-file-writer.ts';

export interface RecorderOptions {
  /** Audio payload types to record and their codec; default PCMU 0 and PCMA 8. Others (DTMF, CN) are skipped. */
  payloadTypes?: Readonly<Record<number, G711Codec>>;
  /** Stop by itself after this much audio (e.g. the voicemail limit); no limit by default. */
  maxDurationMs?: number;
  /** Longest timestamp gap filled with silence (lost packets, DTMF, silence suppression); default 2000 ms. */
  maxGapMs?: number;
}

export interface RecordingResult {
  path: string;
  durationMs: number;
  /** Why recording ended. */
  reason: RecordingEndReason;
}

export type RecordingEndReason = 'stopped' | 'max-duration' | 'endpoint-closed';

export type RecorderEvents = {
  /** Recording is over and the file is complete (or `error` comes instead). */
  done: [result: RecordingResult];
  error: [error: Error];
};

/**
 * Writes the audio one endpoint receives (one direction: a voicemail message, a recorded
 * greeting) to an 8 kHz mono 16-bit PCM WAVE file, as it arrives. For both directions of a call,
 * see {@link CallRecorder}.
 *
 * The RTP timestamp is the playout position (RFC 3550 §5.1), so gaps in it (lost packets, DTMF
 * events, silence suppression) are filled with silence up to `maxGapMs`, and packets older than
 * the recording position (late or duplicated) are dropped. A new SSRC (the far end re-INVITEd or
 * a different source took over) continues the file without a gap.
 *
 * States: recording → done. `stop()` is safe to call twice and returns the same result.
 */
export class Recorder extends TypedEventEmitter<RecorderEvents> {
  readonly #writer: WavFileWriter;
  readonly #payloadTypes: Readonly<Record<number, G711Codec>>;
  readonly #maxSamples: number;
  readonly #maxGapSamples: number;
  #source: { ssrc: number; nextTimestamp: number } | undefined;
  #detach: (() => void) | undefined;
  #stopping: Promise<RecordingResult> | undefined;

  private constructor(writer: WavFileWriter, options: RecorderOptions) {
    super();
    this.#writer = writer;
    this.#payloadTypes = options.payloadTypes ?? { 0: 'PCMU', 8: 'PCMA' };
    this.#maxSamples = options.maxDurationMs === undefined ? Infinity : Math.floor((options.maxDurationMs * G711_SAMPLE_RATE) / 1000);
    this.#maxGapSamples = Math.floor(((options.maxGapMs ?? 2000) * G711_SAMPLE_RATE) / 1000);
  }

  /** Creates (or truncates) the file at `path` and starts an empty recording. */
  static async create(path: string, options: RecorderOptions = {}): Promise<Recorder> {
    return new Recorder(await WavFileWriter.create(path), options);
  }

  get recording(): boolean {
    return this.#stopping === undefined;
  }

  get durationMs(): number {
    return this.#writer.durationMs;
  }

  /** Records what the endpoint receives until `stop()`; stops by itself when the endpoint closes. */
  attach(endpoint: RtpEndpoint): void {
    if (!this.recording) throw new InvalidStateError('recorder is stopped');
    if (this.#detach) throw new InvalidStateError('recorder is already attached to an endpoint');
    const onRtp = (packet: RtpPacket) => this.push(packet);
    const onClose = () => void this.#stop('endpoint-closed').catch(() => undefined);
    endpoint.on('rtp', onRtp);
    endpoint.on('close', onClose);
    this.#detach = () => {
      endpoint.off('rtp', onRtp);
      endpoint.off('close', onClose);
    };
  }

  /** Adds one received packet. Packets of unknown payload types are skipped; ignored once stopped. */
  push(packet: RtpPacket): void {
    if (!this.recording) return;
    const codec = this.#payloadTypes[packet.payloadType];
    if (!codec) return;
    const samples = decodeG711(codec, packet.payload);
    const source = this.#source;
    if (source && source.ssrc === packet.ssrc) {
      const ahead = (packet.timestamp - source.nextTimestamp) | 0;
      if (ahead < 0) return;
      if (ahead > 0 && ahead <= this.#maxGapSamples) this.#append(new Int16Array(ahead));
    }
    this.#source = { ssrc: packet.ssrc, nextTimestamp: (packet.timestamp + samples.length) >>> 0 };
    this.#append(samples);
  }

  /** Finishes the file (real sizes in the header) and closes it. Safe to call twice. */
  stop(): Promise<RecordingResult> {
    return this.#stop('stopped');
  }

  #append(samples: Int16Array): void {
    if (!this.recording) return;
    const room = this.#maxSamples - this.#writer.samples;
    this.#writer.append(samples.length > room ? samples.subarray(0, room) : samples);
    if (this.#writer.samples >= this.#maxSamples) void this.#stop('max-duration').catch(() => undefined);
  }

  #stop(reason: RecordingEndReason): Promise<RecordingResult> {
    if (this.#stopping) return this.#stopping;
    this.#detach?.();
    this.#detach = undefined;
    this.#stopping = finishRecording(this.#writer, reason, (event, value) =>
      event === 'done' ? this.emit('done', value as RecordingResult) : this.emit('error', value as Error),
    );
    return this.#stopping;
  }
}

/** Finishes the writer and reports the outcome as `done` or `error`; shared by both recorders. */
export function finishRecording(
  writer: WavFileWriter,
  reason: RecordingEndReason,
  report: (event: 'done' | 'error', value: RecordingResult | Error) => void,
): Promise<RecordingResult> {
  return writer.finish().then(
    () => {
      const result: RecordingResult = { path: writer.path, durationMs: writer.durationMs, reason };
      report('done', result);
      return result;
    },
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      report('error', failure);
      throw failure;
    },
  );
}
