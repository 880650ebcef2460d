/**
 * The caller's ear in switch tests: a UDP socket standing where the caller's SDP says its audio
 * goes, keeping every RTP packet the switch sends with its arrival time, and the comparisons
 * that tell whether what arrived is the prompt that should have been played (issue 8: "audio is
 * checked as audio": duration, energy envelope, correlation — never only that packets came).
 */
import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import {
  decodeG711,
  EspeakTextToSpeech,
  FfmpegAudioConverter,
  parseWav,
  wavSamples,
  type G711Codec,
} from '@vaxel/media';

export interface CapturedPacket {
  arrivedMs: number;
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  payload: Buffer;
}

export class RtpCapture {
  readonly packets: CapturedPacket[] = [];
  readonly #socket: Socket;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (message) => {
      if (message.length < 12 || message[0]! >> 6 !== 2) return;
      const payloadType = message[1]! & 0x7f;
      if (payloadType >= 72 && payloadType <= 79) return; // RTCP on the same port (RFC 5761)
      const csrcs = message[0]! & 0x0f;
      this.packets.push({
        arrivedMs: performance.now(),
        payloadType,
        marker: (message[1]! & 0x80) !== 0,
        sequenceNumber: message.readUInt16BE(2),
        timestamp: message.readUInt32BE(4),
        payload: message.subarray(12 + csrcs * 4),
      });
    });
  }

  static async open(port: number, address = '127.0.0.1'): Promise<RtpCapture> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, address, () => resolve());
    });
    return new RtpCapture(socket);
  }

  /**
   * The audio received, decoded from G.711 in the order it arrived (on loopback, the order sent),
   * laid out on the sender's timeline: a jump in the RTP timestamps (frames the sender skipped)
   * becomes silence of that length. A pause the timestamps do not show (a sender that stops while
   * it waits for a key and goes on where it left off) is put back from the arrival times when it
   * is longer than `pauseMs`, so that scheduling delays on a busy machine — packets late, then a
   * burst — do not shift the audio.
   */
  audio(codec: G711Codec = 'PCMU', pauseMs = 300): Int16Array {
    const payloadType = codec === 'PCMU' ? 0 : 8;
    const audio = this.packets.filter((p) => p.payloadType === payloadType);
    const parts: Int16Array[] = [];
    let previous: CapturedPacket | undefined;
    for (const packet of audio) {
      if (previous) {
        const skipped = ((packet.timestamp - previous.timestamp) >>> 0) - previous.payload.length;
        const paused = packet.arrivedMs - previous.arrivedMs - previous.payload.length / 8;
        if (skipped > 0 && skipped < 8000 * 60) parts.push(new Int16Array(skipped));
        else if (paused > pauseMs) parts.push(new Int16Array(Math.round(paused * 8)));
      }
      parts.push(decodeG711(codec, packet.payload));
      previous = packet;
    }
    const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      samples.set(part, offset);
      offset += part.length;
    }
    return samples;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }
}

const FRAME = 160; // 20 ms at 8 kHz

/** RMS of each 20 ms frame. */
export function envelope(samples: Int16Array): number[] {
  const frames: number[] = [];
  for (let start = 0; start + FRAME <= samples.length; start += FRAME) {
    let sum = 0;
    for (let i = start; i < start + FRAME; i++) sum += samples[i]! * samples[i]!;
    frames.push(Math.sqrt(sum / FRAME));
  }
  return frames;
}

/** Frames louder than 1/20 of the loudest (about -26 dB): where speech is. */
export function voicedFrames(samples: Int16Array): boolean[] {
  const env = envelope(samples);
  const loudest = Math.max(0, ...env);
  return env.map((rms) => loudest > 0 && rms > loudest / 20);
}

/**
 * The stretches of speech, in frames: [start, end) pairs, pauses up to `gapFrames` joined (the
 * gaps between words; espeak-ng pauses 220 ms at a comma, 400 ms at a full stop and after a text).
 */
export function bursts(samples: Int16Array, gapFrames = 12): Array<[number, number]> {
  const voiced = voicedFrames(samples);
  const found: Array<[number, number]> = [];
  voiced.forEach((on, i) => {
    if (!on) return;
    const last = found[found.length - 1];
    if (last && i - last[1] <= gapFrames) last[1] = i + 1;
    else found.push([i, i + 1]);
  });
  return found;
}

/** The samples from the first to the last voiced frame. */
export function trimmed(samples: Int16Array): Int16Array {
  const voiced = voicedFrames(samples);
  const first = voiced.indexOf(true);
  const last = voiced.lastIndexOf(true);
  return first < 0 ? new Int16Array(0) : samples.subarray(first * FRAME, (last + 1) * FRAME);
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return va === 0 || vb === 0 ? 0 : cov / Math.sqrt(va * vb);
}

export interface PromptMatch {
  /** Voiced duration received / expected. */
  durationRatio: number;
  /** Pearson correlation of the 20 ms energy envelopes, at the best alignment (±200 ms). */
  envelopeCorrelation: number;
  /** Pearson correlation of the samples themselves at that alignment (G.711 keeps it near 1). */
  sampleCorrelation: number;
}

/** How well `received` (one stretch of speech) matches `expected` (the TTS output for the prompt). */
export function matchPrompt(received: Int16Array, expected: Int16Array): PromptMatch {
  const got = trimmed(received);
  const want = trimmed(expected);
  const envGot = envelope(got);
  const envWant = envelope(want);
  let best = { lag: 0, correlation: -1 };
  for (let lag = -10; lag <= 10; lag++) {
    const a = lag >= 0 ? envGot.slice(lag) : envGot;
    const b = lag >= 0 ? envWant : envWant.slice(-lag);
    const correlation = pearson(a, b);
    if (correlation > best.correlation) best = { lag, correlation };
  }
  // Refine to the sample around the envelope's alignment.
  let sampleCorrelation = -1;
  const base = best.lag * FRAME;
  for (let shift = base - FRAME; shift <= base + FRAME; shift++) {
    const a = shift >= 0 ? got.subarray(shift) : got;
    const b = shift >= 0 ? want : want.subarray(-shift);
    const n = Math.min(a.length, b.length, 8000 * 3);
    const correlation = pearson(a.subarray(0, n), b.subarray(0, n));
    if (correlation > sampleCorrelation) sampleCorrelation = correlation;
  }
  return {
    durationRatio: got.length / Math.max(1, want.length),
    envelopeCorrelation: best.correlation,
    sampleCorrelation,
  };
}

/** The words spoken by Debian's espeak-ng, as the switch's TTS speaks them (8 kHz mono). */
export async function speak(text: string, language: string): Promise<Int16Array> {
  const tts = new EspeakTextToSpeech({ converter: new FfmpegAudioConverter() });
  return wavSamples(parseWav((await tts.synthesize(text, language)).wav));
}

/** Normalised cross-correlation of two signals over their common length, at lag 0. */
export function correlation(a: Int16Array, b: Int16Array): number {
  let sum = 0;
  let energyA = 0;
  let energyB = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    sum += a[i]! * b[i]!;
    energyA += a[i]! * a[i]!;
    energyB += b[i]! * b[i]!;
  }
  return energyA === 0 || energyB === 0 ? 0 : sum / Math.sqrt(energyA * energyB);
}

/** `samples` through a moving average `width` long: what is left are the frequencies under 8000 / width Hz. */
function smoothed(samples: Int16Array, width: number): Int16Array {
  const out = new Int16Array(samples.length);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    sum += samples[i]!;
    if (i >= width) sum -= samples[i - width]!;
    out[i] = Math.round(sum / width);
  }
  return out;
}

/**
 * Where in `heard`, between `from` and `to` (samples), `clip` fits best, and how well.
 *
 * Speech at 8 kHz decorrelates within a few samples, so a search every `step` samples on the raw
 * signals can step over the place where it fits. The coarse search therefore compares both
 * signals low-passed (a moving average `2 × step` long, whose correlation peak is as wide as the
 * step), and the best few places it finds are then searched sample by sample on the raw signals.
 */
export function bestFit(
  heard: Int16Array,
  clip: Int16Array,
  from: number,
  to: number,
  step = 16,
): { at: number; correlation: number } {
  const last = Math.min(to, heard.length - clip.length);
  const width = Math.max(1, step * 2);
  const coarseHeard = step > 1 ? smoothed(heard, width) : heard;
  const coarseClip = step > 1 ? smoothed(clip, width) : clip;
  const candidates: Array<{ at: number; correlation: number }> = [];
  for (let at = Math.max(0, from); at <= last; at += step) {
    candidates.push({ at, correlation: correlation(coarseHeard.subarray(at, at + clip.length), coarseClip) });
  }
  candidates.sort((a, b) => b.correlation - a.correlation);
  const places: number[] = [];
  for (const candidate of candidates) {
    if (places.length === 4) break;
    if (places.every((at) => Math.abs(at - candidate.at) > width)) places.push(candidate.at);
  }
  let best = { at: Math.max(0, from), correlation: -1 };
  for (const place of places) {
    for (let at = Math.max(0, place - step); at <= Math.min(place + step, last); at++) {
      const c = correlation(heard.subarray(at, at + clip.length), clip);
      if (c > best.correlation) best = { at, correlation: c };
    }
  }
  return best;
}
