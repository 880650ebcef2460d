import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { InvalidStateError } from './errors.ts';
import { decodeG711, G711_SAMPLE_RATE, type G711Codec } from './g711.ts';
import { finishRecording, type RecorderEvents, type RecordingEndReason, type RecordingResult } from './recorder.ts';
import type { RecordingSink } from './recording-sink.ts';
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
  /**
   * `mixed` (default): every party summed into one mono channel. `stereo`: two channels, each
   * party on the channel it is attached to (e.g. caller left = 0, callee right = 1).
   */
  layout?: 'mixed' | 'stereo';
  clock?: Clock;
}

/** Which channel a party's audio goes to in a stereo recording (0 left, 1 right). */
export type RecordingChannel = 0 | 1;

interface Track {
  ssrc: number;
  channel: RecordingChannel;
  /** RTP timestamp that maps to `positionBase` on the recording timeline. */
  timestampBase: number;
  positionBase: number;
}

const FLUSH_INTERVAL_MS = 100;
/** A track drifting further than this from the wall clock is re-anchored. */
const RESYNC_SAMPLES = G711_SAMPLE_RATE;
/** Audio further ahead of the wall clock than this is dropped (bogus timestamps). */
const MAX_AHEAD_SAMPLES = 2 * G711_SAMPLE_RATE;

/**
 * Records a whole call: what several endpoints receive (each party of a bridged call) on one
 * timeline, mixed into one 8 kHz mono 16-bit WAVE file or kept apart as stereo, written while the
 * call runs (see {@link WavFileWriter}: a valid file at any moment, sizes updated every second).
 *
 * Streams from different phones have unrelated RTP clocks (RFC 3550 §5.1: the timestamp's
 * initial value is random), so each one is placed on the recording's timeline by the wall-clock
 * time its first packet arrived, then by its own timestamps, which keeps its packets in place
 * despite network jitter. A new SSRC or a drift of more than a second from the wall clock
 * re-anchors the stream. Audio is mixed (summed, clipped) and written once it is `latencyMs`
 * old; what arrives later than that is dropped. Silence fills time when nobody talks.
 *
 * Memory is flat however long the call: the mix is a fixed ring per channel covering the latency
 * plus how far ahead a packet may be placed; older audio has gone to the writer.
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
  readonly #channelOf = new Map<RtpEndpoint | object, RecordingChannel>();
  readonly #detachers = new Map<RtpEndpoint, () => void>();
  /** One ring per channel; timeline position p lives at index p % capacity while p ≥ `#flushed`. */
  readonly #rings: Int32Array[];
  readonly #capacity: number;
  #mixedUpTo = 0;
  #flushed = 0;
  #timer: TimerHandle | undefined;
  #stopping: Promise<RecordingResult> | undefined;

  private constructor(writer: WavFileWriter, options: CallRecorderOptions) {
    super();
    this.#writer = writer;
    this.#clock = options.clock ?? systemClock;
    this.#payloadTypes = options.payloadTypes ?? { 0: 'PCMU', 8: 'PCMA' };
    this.#maxSamples =
      options.maxDurationMs === undefined ? Infinity : Math.floor((options.maxDurationMs * G711_SAMPLE_RATE) / 1000);
    this.#latencySamples = Math.floor(((options.latencyMs ?? 300) * G711_SAMPLE_RATE) / 1000);
    // Unflushed audio spans at most the latency, one flush interval (a late timer: twice) and
    // how far ahead a packet may land.
    this.#capacity = this.#latencySamples + MAX_AHEAD_SAMPLES + (4 * FLUSH_INTERVAL_MS * G711_SAMPLE_RATE) / 1000;
    this.#rings = Array.from({ length: writer.channels }, () => new Int32Array(this.#capacity));
    this.#startedAt = this.#clock.now();
    this.#schedule();
  }

  /** Creates (or truncates) the file at `path`; the recording's timeline starts now. */
  static async create(path: string, options: CallRecorderOptions = {}): Promise<CallRecorder> {
    return new CallRecorder(
      await WavFileWriter.create(path, { channels: options.layout === 'stereo' ? 2 : 1 }),
      options,
    );
  }

  /** Records into a sink (e.g. the store's file writer); the recording's timeline starts now. */
  static async open(sink: RecordingSink, options: CallRecorderOptions = {}): Promise<CallRecorder> {
    return new CallRecorder(await WavFileWriter.open(sink, { channels: options.layout === 'stereo' ? 2 : 1 }), options);
  }

  get recording(): boolean {
    return this.#stopping === undefined;
  }

  get durationMs(): number {
    return this.#writer.durationMs;
  }

  /** Samples held in memory by the recorder and its writer, for tests of bounded memory. */
  get bufferedSamples(): number {
    return this.#rings.length * this.#capacity + this.#writer.bufferedBytes / 2;
  }

  /** Writes the writer has handed to the sink and that have not finished yet. */
  get writesInFlight(): number {
    return this.#writer.writesInFlight;
  }

  /** Mixes in what the endpoint receives from now on, on `channel` in a stereo recording. */
  attach(endpoint: RtpEndpoint, channel: RecordingChannel = 0): void {
    if (!this.recording) throw new InvalidStateError('call recorder is stopped');
    if (this.#detachers.has(endpoint)) return;
    this.#channelOf.set(endpoint, channel);
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
    this.#channelOf.delete(endpoint);
  }

  /**
   * Mixes in one packet from `party` (any object standing for one sender, e.g. its endpoint), on
   * the channel it was attached to, else `channel` (default 0).
   */
  push(party: RtpEndpoint | object, packet: RtpPacket, channel: RecordingChannel = 0): void {
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
      const assigned = this.#channelOf.get(party) ?? channel;
      track = { ssrc: packet.ssrc, channel: assigned, timestampBase: packet.timestamp, positionBase: position };
      this.#tracks.set(party, track);
    }
    this.#mixIn(this.#rings.length === 1 ? 0 : track.channel, samples, position, now);
  }

  /** Writes the rest of the mix and the final header, then closes the file. Safe to call twice. */
  stop(): Promise<RecordingResult> {
    return this.#stop('stopped');
  }

  #wallPosition(): number {
    return Math.floor(((this.#clock.now() - this.#startedAt) * G711_SAMPLE_RATE) / 1000);
  }

  #mixIn(channel: number, samples: Int16Array, position: number, now: number): void {
    const ring = this.#rings[channel]!;
    const capacity = this.#capacity;
    const start = Math.max(position, this.#flushed);
    const end = Math.min(position + samples.length, now + MAX_AHEAD_SAMPLES, this.#flushed + capacity);
    for (let at = start; at < end; at++) ring[at % capacity]! += samples[at - position]!;
    if (end > start) this.#mixedUpTo = Math.max(this.#mixedUpTo, end);
  }

  /** Writes the mix up to `position` (silence where nobody sent anything), a ring at a time. */
  #flushTo(position: number): void {
    const target = Math.min(position, this.#maxSamples);
    while (this.#flushed < target) this.#flushChunk(Math.min(target, this.#flushed + this.#capacity));
  }

  #flushChunk(target: number): void {
    const length = target - this.#flushed;
    const channels = this.#rings.length;
    const capacity = this.#capacity;
    const out = new Int16Array(length * channels);
    for (let c = 0; c < channels; c++) {
      const ring = this.#rings[c]!;
      for (let i = 0; i < length; i++) {
        const at = (this.#flushed + i) % capacity;
        out[i * channels + c] = Math.max(-32768, Math.min(32767, ring[at]!));
        ring[at] = 0;
      }
    }
    this.#writer.append(out);
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
