import { open, type FileHandle } from 'node:fs/promises';
import { InvalidStateError } from './errors.ts';
import { decodeG711, G711_SAMPLE_RATE, type G711Codec } from './g711.ts';
import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';
import { int16ToBytes, wavHeader } from './wav.ts';

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

const HEADER_LENGTH = 44;
/** Write to disk about once a second of audio. */
const FLUSH_BYTES = G711_SAMPLE_RATE * 2;

/**
 * Writes the audio an endpoint receives to an 8 kHz mono 16-bit PCM WAVE file, as it arrives.
 *
 * The RTP timestamp is the playout position (RFC 3550 §5.1), so gaps in it (lost packets, DTMF
 * events, silence suppression) are filled with silence up to `maxGapMs`, and packets older than
 * the recording position (late or duplicated) are dropped. A new SSRC (the far end re-INVITEd or
 * a different source took over) restarts the timeline without a gap.
 *
 * The file gets a header with zero sizes when created and its real sizes when recording stops,
 * so a crash leaves a file other tools still read (sizes 0 mean "to end of file" in `parseWav`).
 *
 * States: recording → stopping → done. `stop()` is safe to call twice and returns the same result.
 */
export class Recorder extends TypedEventEmitter<RecorderEvents> {
  readonly #file: FileHandle;
  readonly #path: string;
  readonly #payloadTypes: Readonly<Record<number, G711Codec>>;
  readonly #maxSamples: number;
  readonly #maxGapSamples: number;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #samplesWritten = 0;
  /** Where the next chunk goes: positional writes keep the header write at 0 independent. */
  #fileOffset = HEADER_LENGTH;
  #writes: Promise<void> = Promise.resolve();
  #writeError: Error | undefined;
  #source: { ssrc: number; nextTimestamp: number } | undefined;
  #detach: (() => void) | undefined;
  #stopping: Promise<RecordingResult> | undefined;

  private constructor(file: FileHandle, path: string, options: RecorderOptions) {
    super();
    this.#file = file;
    this.#path = path;
    this.#payloadTypes = options.payloadTypes ?? { 0: 'PCMU', 8: 'PCMA' };
    this.#maxSamples = options.maxDurationMs === undefined ? Infinity : Math.floor((options.maxDurationMs * G711_SAMPLE_RATE) / 1000);
    this.#maxGapSamples = Math.floor(((options.maxGapMs ?? 2000) * G711_SAMPLE_RATE) / 1000);
  }

  /** Creates (or truncates) the file at `path` and starts an empty recording. */
  static async create(path: string, options: RecorderOptions = {}): Promise<Recorder> {
    const file = await open(path, 'w');
    try {
      await file.write(wavHeader('pcm16', G711_SAMPLE_RATE, 1, 0), 0, HEADER_LENGTH, 0);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new Recorder(file, path, options);
  }

  get recording(): boolean {
    return this.#stopping === undefined;
  }

  get durationMs(): number {
    return Math.round((this.#samplesWritten * 1000) / G711_SAMPLE_RATE);
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
    const room = this.#maxSamples - this.#samplesWritten;
    const take = samples.length > room ? samples.subarray(0, room) : samples;
    if (take.length > 0) {
      this.#pending.push(int16ToBytes(take));
      this.#pendingBytes += take.length * 2;
      this.#samplesWritten += take.length;
    }
    if (this.#pendingBytes >= FLUSH_BYTES) this.#flush();
    if (this.#samplesWritten >= this.#maxSamples) void this.#stop('max-duration').catch(() => undefined);
  }

  #flush(): void {
    if (this.#pendingBytes === 0) return;
    const chunk = Buffer.concat(this.#pending, this.#pendingBytes);
    const position = this.#fileOffset;
    this.#fileOffset += chunk.length;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#writes = this.#writes.then(async () => {
      if (this.#writeError) return;
      try {
        await this.#file.write(chunk, 0, chunk.length, position);
      } catch (error) {
        this.#writeError = error instanceof Error ? error : new Error(String(error));
      }
    });
  }

  #stop(reason: RecordingEndReason): Promise<RecordingResult> {
    if (this.#stopping) return this.#stopping;
    this.#detach?.();
    this.#detach = undefined;
    this.#flush();
    const dataLength = this.#samplesWritten * 2;
    this.#stopping = this.#writes
      .then(async () => {
        if (!this.#writeError) {
          await this.#file.write(wavHeader('pcm16', G711_SAMPLE_RATE, 1, dataLength), 0, HEADER_LENGTH, 0);
        }
      })
      .finally(() => this.#file.close())
      .then(() => {
        if (this.#writeError) throw this.#writeError;
        const result: RecordingResult = { path: this.#path, durationMs: this.durationMs, reason };
        this.emit('done', result);
        return result;
      })
      .catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.emit('error', failure);
        throw failure;
      });
    return this.#stopping;
  }
}
