/**
 * Test signals for DTMF detection (used by the unit tests beside the detectors, not by production
 * code): key presses as RFC 4733 packet runs and as tones at a level, twist and noise.
 */
import { G711_SAMPLE_RATE } from './g711.ts';
import { RtpPacket } from './rtp-packet.ts';
import { digitToEvent, TelephoneEvent } from './telephone-event.ts';

export const DTMF_FREQUENCIES: Readonly<Record<string, readonly [row: number, column: number]>> = {
  '1': [697, 1209],
  '2': [697, 1336],
  '3': [697, 1477],
  A: [697, 1633],
  '4': [770, 1209],
  '5': [770, 1336],
  '6': [770, 1477],
  B: [770, 1633],
  '7': [852, 1209],
  '8': [852, 1336],
  '9': [852, 1477],
  C: [852, 1633],
  '*': [941, 1209],
  '0': [941, 1336],
  '#': [941, 1477],
  D: [941, 1633],
};

/**
 * Peak amplitude (16-bit) of a sine at `dbm0`. G.711's digital milliwatt (ITU-T G.711 Table 5/6)
 * puts 0 dBm0 at 3.17 dB below a full-scale sine.
 */
export function dbm0Amplitude(dbm0: number): number {
  return 32767 * 10 ** ((dbm0 - 3.17) / 20);
}

export interface KeyToneOptions {
  durationMs: number;
  /** Level of the row tone, dBm0 (default -10). */
  levelDbm0?: number;
  /** Column tone level minus row tone level, dB (default 0; ITU-T Q.24 allows -4..+8). */
  twistDb?: number;
  /** Start phase offsets are random unless fixed, so block alignment varies. */
  random?: () => number;
}

/** A key's dual tone, unfaded (the worst case for a detector's block edges). */
export function keyTone(digit: string, options: KeyToneOptions): Int16Array {
  const [row, column] = DTMF_FREQUENCIES[digit]!;
  const level = options.levelDbm0 ?? -10;
  const twist = options.twistDb ?? 0;
  const rowAmplitude = dbm0Amplitude(level);
  const columnAmplitude = dbm0Amplitude(level + twist);
  const random = options.random ?? Math.random;
  const rowPhase = random() * 2 * Math.PI;
  const columnPhase = random() * 2 * Math.PI;
  const length = Math.round((options.durationMs * G711_SAMPLE_RATE) / 1000);
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    const t = i / G711_SAMPLE_RATE;
    const value =
      rowAmplitude * Math.sin(2 * Math.PI * row * t + rowPhase) +
      columnAmplitude * Math.sin(2 * Math.PI * column * t + columnPhase);
    out[i] = Math.max(-32768, Math.min(32767, Math.round(value)));
  }
  return out;
}

/** Adds white (uniform) noise at `dbfs` RMS to the samples, in place. */
export function addWhiteNoise(samples: Int16Array, dbfs: number, random: () => number = Math.random): Int16Array {
  // A uniform distribution on [-a, a] has RMS a/√3.
  const peak = 32767 * 10 ** (dbfs / 20) * Math.sqrt(3);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! + (random() * 2 - 1) * peak)));
  }
  return samples;
}

/** A deterministic pseudo-random generator (mulberry32), so a failing case can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface EventPressOptions {
  payloadType: number;
  ssrc?: number;
  /** RTP timestamp of the press (shared by all its packets, RFC 4733 §2.5.1.2). */
  timestamp: number;
  sequenceNumber?: number;
  durationMs?: number;
}

/** The packets a phone sends for one key press: an update every 50 ms, then the end packet three times. */
export function eventPress(digit: string, options: EventPressOptions): RtpPacket[] {
  const total = ((options.durationMs ?? 100) * G711_SAMPLE_RATE) / 1000;
  const packets: RtpPacket[] = [];
  let sequenceNumber = options.sequenceNumber ?? 1;
  const packet = (duration: number, end: boolean, marker: boolean) =>
    RtpPacket.create({
      payloadType: options.payloadType,
      sequenceNumber: sequenceNumber++ & 0xffff,
      timestamp: options.timestamp,
      ssrc: options.ssrc ?? 1234,
      marker,
      payload: TelephoneEvent.create({ event: digitToEvent(digit), duration, end }).bytes,
    });
  for (let duration = 400; duration < total; duration += 400) packets.push(packet(duration, false, duration === 400));
  for (let i = 0; i < 3; i++) packets.push(packet(total, true, packets.length === 0));
  return packets;
}
