import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { InvalidStateError } from './errors.ts';
import { decodeG711, G711_SAMPLE_RATE, type G711Codec } from './g711.ts';
import type { RecordingSink } from './recording-sink.ts';
import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';
import { WavFileWriter } from './wav-file-writer.ts';

export interface SilenceOptions {
  /** Silence that ends the recording (e.g. 5000 ms for voicemail). */
  endAfterMs: number;
  /** A frame whose RMS is below this is silence (default -45 dBFS; phone line noise is about -60). */
  thresholdDbfs?: number;
  /** Silence right after the start does not count yet (the caller draws breath after the beep; default 1000 ms). */
  ignoreFirstMs?: number;
}

export interface RecorderOptions {
  /** Audio payload types to record and their codec; default PCMU 0 and PCMA 8. Others (DTMF, CN) are skipped. */
  payloadTypes?: Readonly<Record<number, G711Codec>>;
  /** Stop by itself after this much audio or time (e.g. the voicemail limit); no limit by default. */
  maxDurationMs?: number;
  /** Longest timestamp gap filled with silence (lost packets, DTMF, silence suppression); default 2000 ms. */
  maxGapMs?: number;
  /** End after a stretch of silence, and leave trailing silence out of the file. */
  silence?: SilenceOptions;
  /**
   * Audio kept back from the file this long, so `stop('digit')` can leave out the key's tone that
   * ended the recording (default 0; about 300 ms covers in-band detection).
   */
  holdBackMs?: number;
  clock?: Clock;
}

export interface RecordingResult {
  /** The file's path when recording to a path. */
  path: string | undefined;
  durationMs: number;
  /** Size of the finished file. */
  bytes: number;
  /** Why recording ended. */
  reason: RecordingEndReason;
}

export type RecordingEndReason = 'stopped' | 'max-duration' | 'endpoint-closed' | 'silence' | 'digit';

export type RecorderEvents = {
  /** Recording is over and the file is complete (or `error` comes instead). */
  done: [result: RecordingResult];
  error: [error: Error];
};

interface HeldFrame {
  samples: Int16Array;
  quiet: boolean;
}

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
 * For messages (`silence`, `holdBackMs`): audio waits in memory while it is the trailing silence
 * or younger than `holdBackMs`, and goes to the file once speech follows it and it is old enough.
 * So the file never ends in silence, `stop('digit')` drops the held-back tail with the tone of
 * the stop key, and memory stays bounded by the silence limit. Silence is timed on the clock
 * from the last sound (or the end of `ignoreFirstMs`), so a phone that stops sending RTP is
 * silent too. The duration is what the file holds.
 *
 * States: recording → done. `stop()` is safe to call twice and returns the same result.
 */
export class Recorder extends TypedEventEmitter<RecorderEvents> {
  readonly #writer: WavFileWriter;
  readonly #clock: Clock;
  readonly #payloadTypes: Readonly<Record<number, G711Codec>>;
  readonly #maxSamples: number;
  readonly #maxGapSamples: number;
  readonly #silence: { endAfterMs: number; threshold: number } | undefined;
  readonly #holdBackSamples: number;
  readonly #held: HeldFrame[] = [];
  #heldSamples = 0;
  /** Frames at the end of `#held` that are silence. */
  #quietFrames = 0;
  /** Samples received (written and held). */
  #received = 0;
  #lastSoundAt: number;
  #silenceTimer: TimerHandle | undefined;
  #maxTimer: TimerHandle | undefined;
  #source: { ssrc: number; nextTimestamp: number } | undefined;
  #detach: (() => void) | undefined;
  #stopping: Promise<RecordingResult> | undefined;

  private constructor(writer: WavFileWriter, options: RecorderOptions) {
    super();
    this.#writer = writer;
    this.#clock = options.clock ?? systemClock;
    this.#payloadTypes = options.payloadTypes ?? { 0: 'PCMU', 8: 'PCMA' };
    this.#maxSamples =
      options.maxDurationMs === undefined ? Infinity : Math.floor((options.maxDurationMs * G711_SAMPLE_RATE) / 1000);
    this.#maxGapSamples = Math.floor(((options.maxGapMs ?? 2000) * G711_SAMPLE_RATE) / 1000);
    this.#holdBackSamples = Math.floor(((options.holdBackMs ?? 0) * G711_SAMPLE_RATE) / 1000);
    const now = this.#clock.now();
    if (options.silence) {
      const rms = 32767 * 10 ** ((options.silence.thresholdDbfs ?? -45) / 20);
      this.#silence = { endAfterMs: options.silence.endAfterMs, threshold: rms * rms };
      this.#lastSoundAt = now + (options.silence.ignoreFirstMs ?? 1000);
      this.#armSilenceTimer();
    } else {
      this.#lastSoundAt = now;
    }
    if (options.maxDurationMs !== undefined) {
      // Also on the clock: a phone that stops sending must not keep the recording open forever.
      this.#maxTimer = this.#clock.setTimeout(
        () => void this.#stop('max-duration').catch(() => undefined),
        options.maxDurationMs,
      );
    }
  }

  /** Creates (or truncates) the file at `path` and starts an empty recording. */
  static async create(path: string, options: RecorderOptions = {}): Promise<Recorder> {
    return new Recorder(await WavFileWriter.create(path), options);
  }

  /** Records into a sink (e.g. the store's file writer). */
  static async open(sink: RecordingSink, options: RecorderOptions = {}): Promise<Recorder> {
    return new Recorder(await WavFileWriter.open(sink), options);
  }

  get recording(): boolean {
    return this.#stopping === undefined;
  }

  /** Audio in the file so far (held-back audio not counted). */
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

  /**
   * Finishes the file (real sizes in the header) and closes it. `digit`: a stop key ended it,
   * so the held-back tail (its tone) is left out. Safe to call twice.
   */
  stop(reason: 'stopped' | 'digit' = 'stopped'): Promise<RecordingResult> {
    return this.#stop(reason);
  }

  #append(input: Int16Array): void {
    if (!this.recording) return;
    const room = this.#maxSamples - this.#received;
    const samples = input.length > room ? input.subarray(0, room) : input;
    this.#received += samples.length;
    if (!this.#silence && this.#holdBackSamples === 0) this.#writer.append(samples);
    else this.#hold(samples);
    if (this.#received >= this.#maxSamples) void this.#stop('max-duration').catch(() => undefined);
  }

  #hold(samples: Int16Array): void {
    const silence = this.#silence;
    let quiet = false;
    if (silence) {
      let energy = 0;
      for (const sample of samples) energy += sample * sample;
      quiet = energy / Math.max(1, samples.length) < silence.threshold;
      if (!quiet) this.#lastSoundAt = Math.max(this.#lastSoundAt, this.#clock.now());
    }
    this.#held.push({ samples, quiet });
    this.#heldSamples += samples.length;
    this.#quietFrames = quiet ? this.#quietFrames + 1 : 0;
    // Write what speech has followed and is older than the hold-back.
    while (
      this.#held.length > this.#quietFrames &&
      this.#heldSamples - this.#held[0]!.samples.length >= this.#holdBackSamples
    ) {
      const frame = this.#held.shift()!;
      this.#heldSamples -= frame.samples.length;
      this.#writer.append(frame.samples);
    }
  }

  #armSilenceTimer(): void {
    const silence = this.#silence!;
    const dueIn = this.#lastSoundAt + silence.endAfterMs - this.#clock.now();
    this.#silenceTimer = this.#clock.setTimeout(
      () => {
        this.#silenceTimer = undefined;
        if (!this.recording) return;
        if (this.#clock.now() - this.#lastSoundAt >= silence.endAfterMs)
          void this.#stop('silence').catch(() => undefined);
        else this.#armSilenceTimer();
      },
      Math.max(0, dueIn),
    );
  }

  /** The held audio that belongs in the file when recording ends for `reason`. */
  #releaseHeld(reason: RecordingEndReason): void {
    const held = this.#held.splice(0);
    if (reason === 'digit') {
      let dropped = 0;
      while (held.length > 0 && dropped < this.#holdBackSamples) dropped += held.pop()!.samples.length;
    }
    if (this.#silence) while (held.length > 0 && held[held.length - 1]!.quiet) held.pop();
    for (const frame of held) this.#writer.append(frame.samples);
    this.#heldSamples = 0;
    this.#quietFrames = 0;
  }

  #stop(reason: RecordingEndReason): Promise<RecordingResult> {
    if (this.#stopping) return this.#stopping;
    this.#detach?.();
    this.#detach = undefined;
    if (this.#silenceTimer) this.#clock.clearTimeout(this.#silenceTimer);
    if (this.#maxTimer) this.#clock.clearTimeout(this.#maxTimer);
    this.#silenceTimer = this.#maxTimer = undefined;
    this.#releaseHeld(reason);
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
      const result: RecordingResult = {
        path: writer.path,
        durationMs: writer.durationMs,
        bytes: writer.fileBytes,
        reason,
      };
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
