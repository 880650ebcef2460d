import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { InvalidStateError } from './errors.ts';
import { decodeG711, G711_SAMPLE_RATE, type G711Codec } from './g711.ts';
import { finishRecording, type RecorderEvents, type RecordingEndReason, type RecordingResult } from './recorder.ts';
import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';
import { WavFileWriter } from './wav-file-writer.ts';

export interface CallRecorderOptions {
  /** Audio payload types per attached endpoint default to PCMU 0 and PCMA 8. */
  payloadTypes?: Readonly<Record<number, G711Codec>>;
  /** Stop by itself after this much audio; no limit by default. */
  maxDurationMs?: number;
  /** How long audio waits for the other parties' packets before it is mixed and written (default 300 ms). */
  latencyMs?: number;
  clock?: Clock;
}

interface Track {
  ssrc: number;
  /** RTP timestamp that maps to `positionBase` on the recording timeline. */
  timestampBase: number;
  positionBase: number;
}

const FLUSH_INTERVAL_MS = 100;
/** A track drifting further than this from the wall clock is re-anchored. */
const RESYNC_SAMPLES = G711_SAMPLE_RATE;
/** Audio further ahead of the wall clock than this is dropped (bogus timestamps). */
const MAX_AHEAD_SAMPLES = 5 * G711_SAMPLE_RATE;

/**
 * Records a whole call: mixes what several endpoints receive (each party of a bridged call) into
 * one 8 kHz mono 16-bit WAVE file.
 *
 * Streams from different phones have unrelated RTP clocks (RFC 3550 §5.1: the timestamp's
 * initial value is random), so each one is placed on the recording's timeline by the wall-clock
 * time its first packet arrived, then by its own timestamps, which keeps its packets in place
 * despite network jitter. A new SSRC or a drift of more than a second from the wall clock
 * re-anchors the stream. Audio is mixed (summed, clipped) and written once it is `latencyMs`
 * old; what arrives later than that is dropped. Silence fills time when nobody talks.
 *
 * `attach()` may be called for any number of endpoints, also later (a transfer brings in a new
 * party). An endpoint closing only detaches it; the call recording goes on until `stop()`.
 */
export class CallRecorder extends TypedEventEmitter<RecorderEvents> {
  readonly #writer: WavFileWriter;
  readonly #clock: Clock;
  readonly #payloadTypes: Readonly<Record<number, G711Codec>>;
  readonly #maxSamples: number;
  readonly #latencySamples: number;
  readonly #startedAt: number;
  readonly #tracks = new Map<RtpEndpoint | object, Track>();
  readonly #detachers = new Map<RtpEndpoint, () => void>();
  /** Mix of samples from `#flushed` on; index 0 is timeline position `#flushed`. */
  #mix = new Int32Array(G711_SAMPLE_RATE);
  #mixedUpTo = 0;
  #flushed = 0;
  #timer: TimerHandle | undefined;
  #stopping: Promise<RecordingResult> | undefined;

  private constructor(writer: WavFileWriter, options: CallRecorderOptions) {
    super();
    this.#writer = writer;
    this.#clock = options.clock ?? systemClock;
    this.#payloadTypes = options.payloadTypes ?? { 0: 'PCMU', 8: 'PCMA' };
    this.#maxSamples = options.maxDurationMs === undefined ? Infinity : Math.floor((options.maxDurationMs * G711_SAMPLE_RATE) / 1000);
    this.#latencySamples = Math.floor(((options.latencyMs ?? 300) * G711_SAMPLE_RATE) / 1000);
    this.#startedAt = this.#clock.now();
    this.#schedule();
  }

  /** Creates (or truncates) the file at `path`; the recording's timeline starts now. */
  static async create(path: string, options: CallRecorderOptions = {}): Promise<CallRecorder> {
    return new CallRecorder(await WavFileWriter.create(path), options);
  }

  get recording(): boolean {
    return this.#stopping === undefined;
  }

  /** Mixes in what the endpoint receives from now on. */
  attach(endpoint: RtpEndpoint): void {
    if (!this.recording) throw new InvalidStateError('call recorder is stopped');
    if (this.#detachers.has(endpoint)) return;
    const onRtp = (packet: RtpPacket) => this.push(endpoint, packet);
    const onClose = () => this.detach(endpoint);
    endpoint.on('rtp', onRtp);
    endpoint.on('close', onClose);
    this.#detachers.set(endpoint, () => {
      endpoint.off('rtp', onRtp);
      endpoint.off('close', onClose);
    });
  }

  /** Stops mixing in the endpoint (e.g. a party left); the recording goes on. */
  detach(endpoint: RtpEndpoint): void {
    this.#detachers.get(endpoint)?.();
    this.#detachers.delete(endpoint);
    this.#tracks.delete(endpoint);
  }

  /** Mixes in one packet from `party` (any object standing for one sender, e.g. its endpoint). */
  push(party: RtpEndpoint | object, packet: RtpPacket): void {
    if (!this.recording) return;
    const codec = this.#payloadTypes[packet.payloadType];
    if (!codec) return;
    const samples = decodeG711(codec, packet.payload);
    const now = this.#wallPosition();
    let track = this.#tracks.get(party);
    let position = track ? track.positionBase + ((packet.timestamp - track.timestampBase) | 0) : 0;
    if (!track || track.ssrc !== packet.ssrc || Math.abs(position + samples.length - now) > RESYNC_SAMPLES) {
      // The packet has just arrived, so its last sample was captured about now.
      position = Math.max(this.#flushed, now - samples.length);
      track = { ssrc: packet.ssrc, timestampBase: packet.timestamp, positionBase: position };
      this.#tracks.set(party, track);
    }
    this.#mixIn(samples, position, now);
  }

  /** Writes the rest of the mix and the final header, then closes the file. Safe to call twice. */
  stop(): Promise<RecordingResult> {
    return this.#stop('stopped');
  }

  #wallPosition(): number {
    return Math.floor(((this.#clock.now() - this.#startedAt) * G711_SAMPLE_RATE) / 1000);
  }

  #mixIn(samples: Int16Array, position: number, now: number): void {
    const skip = Math.max(0, this.#flushed - position);
    const end = Math.min(position + samples.length, now + MAX_AHEAD_SAMPLES);
    if (end <= position + skip) return;
    this.#ensureCapacity(end - this.#flushed);
    for (let at = position + skip; at < end; at++) this.#mix[at - this.#flushed]! += samples[at - position]!;
    this.#mixedUpTo = Math.max(this.#mixedUpTo, end);
  }

  #ensureCapacity(length: number): void {
    if (length <= this.#mix.length) return;
    const grown = new Int32Array(Math.max(length, this.#mix.length * 2));
    grown.set(this.#mix);
    this.#mix = grown;
  }

  /** Writes the mix up to `position` (silence where nobody sent anything). */
  #flushTo(position: number): void {
    const target = Math.min(position, this.#maxSamples);
    const length = target - this.#flushed;
    if (length <= 0) return;
    this.#ensureCapacity(length);
    const out = new Int16Array(length);
    for (let i = 0; i < length; i++) out[i] = Math.max(-32768, Math.min(32767, this.#mix[i]!));
    this.#writer.append(out);
    this.#mix.copyWithin(0, length);
    this.#mix.fill(0, this.#mix.length - length);
    this.#flushed = target;
  }

  #schedule(): void {
    this.#timer = this.#clock.setTimeout(() => this.#tick(), FLUSH_INTERVAL_MS);
  }

  #tick(): void {
    this.#timer = undefined;
    if (!this.recording) return;
    this.#flushTo(this.#wallPosition() - this.#latencySamples);
    if (this.#flushed >= this.#maxSamples) {
      void this.#stop('max-duration').catch(() => undefined);
      return;
    }
    this.#schedule();
  }

  #stop(reason: RecordingEndReason): Promise<RecordingResult> {
    if (this.#stopping) return this.#stopping;
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const detach of this.#detachers.values()) detach();
    this.#detachers.clear();
    this.#flushTo(Math.max(this.#wallPosition(), this.#mixedUpTo));
    this.#stopping = finishRecording(this.#writer, reason, (event, value) =>
      event === 'done' ? this.emit('done', value as RecordingResult) : this.emit('error', value as Error),
    );
    return this.#stopping;
  }
}
