import { randomInt } from 'node:crypto';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { AudioError, InvalidStateError } from './errors.ts';
import { encodeG711, G711_PAYLOAD_TYPES, G711_SAMPLE_RATE, g711Silence, type G711Codec } from './g711.ts';
import { RtpPacket } from './rtp-packet.ts';
import { parseWav, wavSamples } from './wav.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';

/** Where a player sends its frames; {@link RtpEndpoint} is one. */
export interface RtpSender {
  send(packet: RtpPacket): boolean;
  readonly closed: boolean;
}

export interface PlayerOptions {
  codec: G711Codec;
  /** Payload type for the codec on this leg; the static one by default. */
  payloadType?: number;
  /** Start again from the beginning at the end (music on hold). */
  loop?: boolean;
  /** Packet time in milliseconds (RFC 3551 §4.5: G.711 default 20 ms). */
  ptimeMs?: number;
  clock?: Clock;
  /**
   * Where in the clips (taken as one stream) playback starts, in samples (default 0). Music on
   * hold resumes after an announcement where it stopped; with `loop` the offset wraps around.
   */
  startSample?: number;
}

export type PlayerEndReason = 'ended' | 'stopped';

export type PlayerEvents = {
  /** Playback is over: the audio ran out (`ended`) or `stop()`/a closed sender ended it (`stopped`). */
  done: [reason: PlayerEndReason];
};

export type PlayerState = 'idle' | 'playing' | 'done';

/**
 * Clips encoded once per codec: G.711 encodes sample by sample, so a clip's encoding sliced into
 * frames is the frames' encoding, and a prompt every caller hears is encoded once, not per call
 * (the prompt cache hands out the same samples). Dropped with the clip.
 */
const encodedClips = new WeakMap<Int16Array, Partial<Record<G711Codec, Uint8Array>>>();

function encoded(clip: Int16Array, codec: G711Codec): Uint8Array {
  let byCodec = encodedClips.get(clip);
  if (!byCodec) encodedClips.set(clip, (byCodec = {}));
  return (byCodec[codec] ??= encodeG711(codec, clip));
}

/** If the timer fires this late, skip ahead instead of bursting out all the missed frames. */
const MAX_CATCH_UP_FRAMES = 5;

/**
 * Streams 8 kHz mono audio onto an RTP sender as G.711 frames in real time.
 *
 * Each frame is `ptime` of audio; RFC 3550 §5.1 has the timestamp advance by the number of
 * samples per packet (160 at 20 ms) and RFC 3551 §4.1 sets the marker bit on the first packet of
 * a talkspurt, here the first packet of the playback. Frames are scheduled against the start time
 * (frame n at start + n × ptime) rather than chained delays, so timer lateness does not add up to
 * drift. The last frame is padded with silence.
 *
 * States (explicit, `#transition` rejects anything else):
 * ```
 * idle --start()--> playing --(end of audio)--> done ('ended')
 *   |                  |---stop() / sender closed--> done ('stopped')
 *   '----stop()--------------------------------------> done ('stopped')
 * ```
 */
export class Player extends TypedEventEmitter<PlayerEvents> {
  readonly #sender: RtpSender;
  readonly #clips: readonly Int16Array[];
  readonly #codec: G711Codec;
  readonly #payloadType: number;
  readonly #loop: boolean;
  readonly #clock: Clock;
  readonly #samplesPerFrame: number;
  readonly #frameMs: number;
  readonly #ssrc = randomInt(1, 0xffffffff);
  readonly #done: Promise<PlayerEndReason>;
  #resolveDone!: (reason: PlayerEndReason) => void;
  #state: PlayerState = 'idle';
  /** The clip playing and the next sample in it. */
  #clip = 0;
  #position = 0;
  #framesSent = 0;
  /** Frame slots since start, sent or skipped. */
  #slot = 0;
  #sequenceNumber = randomInt(0, 0x8000);
  #timestamp = randomInt(0, 0x7fffffff);
  #startedAt = 0;
  #timer: TimerHandle | undefined;

  /**
   * `audio` is 16-bit linear PCM at 8 kHz mono: one clip, or several played back to back as one
   * stream (a frame that straddles two clips takes its end from the next clip, not silence).
   * Clips are read, never changed, and must not change afterwards (their encoding is cached).
   */
  constructor(sender: RtpSender, audio: Int16Array | readonly Int16Array[], options: PlayerOptions) {
    super();
    const ptimeMs = options.ptimeMs ?? 20;
    if (!Number.isInteger(ptimeMs) || ptimeMs < 10 || ptimeMs > 60 || ptimeMs % 10 !== 0) {
      throw new RangeError(`ptime must be 10, 20, …, 60 ms, got ${ptimeMs}`);
    }
    const clips = audio instanceof Int16Array ? [audio] : audio.filter((clip) => clip.length > 0);
    if (options.loop && clips.every((clip) => clip.length === 0)) throw new RangeError('cannot loop empty audio');
    this.#sender = sender;
    this.#clips = clips;
    this.#codec = options.codec;
    this.#payloadType = options.payloadType ?? G711_PAYLOAD_TYPES[options.codec];
    this.#loop = options.loop ?? false;
    this.#clock = options.clock ?? systemClock;
    this.#frameMs = ptimeMs;
    this.#samplesPerFrame = (G711_SAMPLE_RATE * ptimeMs) / 1000;
    this.#done = new Promise((resolve) => (this.#resolveDone = resolve));
    this.#seek(options.startSample ?? 0);
  }

  /** Moves the start to sample `offset` of the clips as one stream (wrapped when looping). */
  #seek(offset: number): void {
    if (!Number.isInteger(offset) || offset < 0)
      throw new RangeError(`the start sample must be a whole number ≥ 0, got ${offset}`);
    const total = this.#clips.reduce((sum, clip) => sum + clip.length, 0);
    let left = this.#loop && total > 0 ? offset % total : Math.min(offset, total);
    this.#clip = 0;
    while (this.#clip < this.#clips.length && left >= this.#clips[this.#clip]!.length) {
      left -= this.#clips[this.#clip]!.length;
      this.#clip++;
    }
    this.#position = left;
  }

  /**
   * A player for a WAVE file that is already in the telephony format (8 kHz mono, PCM 16-bit,
   * μ-law or A-law). Anything else throws {@link AudioError} `unsupported_audio`: convert it with
   * an {@link AudioConverter} when it is uploaded, not on every call.
   */
  static fromWav(sender: RtpSender, wav: Uint8Array, options: PlayerOptions): Player {
    const audio = parseWav(wav);
    if (audio.sampleRate !== G711_SAMPLE_RATE || audio.channels !== 1) {
      throw new AudioError(
        'unsupported_audio',
        `the player needs 8000 Hz mono audio, got ${audio.sampleRate} Hz with ${audio.channels} channels`,
      );
    }
    return new Player(sender, wavSamples(audio), options);
  }

  get state(): PlayerState {
    return this.#state;
  }

  /** Resolves when playback is over, with why. */
  get done(): Promise<PlayerEndReason> {
    return this.#done;
  }

  get framesSent(): number {
    return this.#framesSent;
  }

  /** Sends the first frame now and the rest paced by the clock. Throws `InvalidStateError` unless idle. */
  start(): void {
    this.#transition('playing');
    this.#startedAt = this.#clock.now();
    this.#tick();
  }

  /** Stops playback. Safe to call in any state and twice. */
  stop(): void {
    if (this.#state === 'done') return;
    this.#finish('stopped');
  }

  #transition(to: PlayerState): void {
    const legal = (this.#state === 'idle' && to !== 'idle') || (this.#state === 'playing' && to === 'done');
    if (!legal) throw new InvalidStateError(`player cannot go from ${this.#state} to ${to}`);
    this.#state = to;
  }

  #finish(reason: PlayerEndReason): void {
    this.#transition('done');
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#resolveDone(reason);
    this.emit('done', reason);
    this.removeAllListeners();
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#state !== 'playing') return;
    const dueSlots = Math.floor((this.#clock.now() - this.#startedAt) / this.#frameMs) + 1;
    if (dueSlots - this.#slot > MAX_CATCH_UP_FRAMES) {
      // The process stalled: skip the backlog rather than flood the phone's jitter buffer, and
      // advance the timestamp by the time lost so the receiver sees the gap (RFC 3550 §5.1).
      const skipped = dueSlots - this.#slot - 1;
      this.#slot += skipped;
      this.#timestamp = (this.#timestamp + skipped * this.#samplesPerFrame) >>> 0;
    }
    while (this.#slot < dueSlots) {
      if (!this.#sendFrame()) return;
      this.#slot++;
    }
    const nextAt = this.#startedAt + this.#slot * this.#frameMs;
    this.#timer = this.#clock.setTimeout(() => this.#tick(), Math.max(0, nextAt - this.#clock.now()));
  }

  #atEnd(): boolean {
    const last = this.#clips.length - 1;
    return this.#clip > last || (this.#clip === last && this.#position >= this.#clips[last]!.length);
  }

  /** Sends one frame; returns false when playback finished instead. */
  #sendFrame(): boolean {
    if (this.#sender.closed) {
      this.#finish('stopped');
      return false;
    }
    if (this.#atEnd() && !this.#loop) {
      this.#finish('ended');
      return false;
    }
    const frame = new Uint8Array(this.#samplesPerFrame).fill(g711Silence(this.#codec));
    let filled = 0;
    while (filled < frame.length) {
      if (this.#atEnd()) {
        if (!this.#loop) break;
        this.#clip = 0;
        this.#position = 0;
      }
      const clip = this.#clips[this.#clip]!;
      if (this.#position >= clip.length) {
        this.#clip++;
        this.#position = 0;
        continue;
      }
      const take = Math.min(frame.length - filled, clip.length - this.#position);
      frame.set(encoded(clip, this.#codec).subarray(this.#position, this.#position + take), filled);
      filled += take;
      this.#position += take;
    }
    const packet = RtpPacket.create({
      payloadType: this.#payloadType,
      sequenceNumber: this.#sequenceNumber,
      timestamp: this.#timestamp,
      ssrc: this.#ssrc,
      marker: this.#framesSent === 0,
      payload: frame,
    });
    this.#sequenceNumber = (this.#sequenceNumber + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + this.#samplesPerFrame) >>> 0;
    this.#framesSent++;
    this.#sender.send(packet);
    return true;
  }
}
