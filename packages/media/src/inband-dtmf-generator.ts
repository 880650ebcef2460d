import { randomInt } from 'node:crypto';
import { encodeG711, G711_SAMPLE_RATE, type G711Codec } from './g711.ts';
import { RtpPacket } from './rtp-packet.ts';
import { TelephoneEvent } from './telephone-event.ts';

/**
 * DTMF frequency pairs (ITU-T Q.23) by RFC 4733 event code (§3.2): 0–9, *, #, A–D.
 *
 * ```
 *          1209 Hz  1336 Hz  1477 Hz  1633 Hz
 * 697 Hz     1        2        3        A
 * 770 Hz     4        5        6        B
 * 852 Hz     7        8        9        C
 * 941 Hz     *        0        #        D
 * ```
 */
const DTMF_FREQUENCIES: ReadonlyArray<readonly [number, number]> = [
  [941, 1336],
  [697, 1209],
  [697, 1336],
  [697, 1477],
  [770, 1209],
  [770, 1336],
  [770, 1477],
  [852, 1209],
  [852, 1336],
  [852, 1477],
  [941, 1209],
  [941, 1477],
  [697, 1633],
  [770, 1633],
  [852, 1633],
  [941, 1633],
];

/** Each tone at about -10 dBm0 (ITU-T Q.24 accepts -3 to -25 per frequency). */
const TONE_AMPLITUDE = 0.2 * 32767;
const SAMPLES_PER_FRAME = 160;
/** Source audio this long past the last event update means the end packets were lost. */
const EVENT_GRACE_SAMPLES = 800;

interface CurrentEvent {
  timestamp: number;
  frequencies: readonly [number, number];
  generated: number;
  lastDuration: number;
  ended: boolean;
}

/**
 * Turns RFC 4733 events into in-band DTMF tones for a leg that did not negotiate
 * telephone-event: RFC 4733 §2.6 lets a gateway regenerate tones from events. Each event update
 * adds G.711 frames of the dual tone up to the duration it reports, so the tone lasts as long as
 * the key press. Frames go out as their own source (SSRC, sequence, timestamp), which the
 * endpoint's stream rewriter splices into the leg's stream; while an event is sounding, the
 * sender's own audio should be muted (`mutes`).
 */
export class InbandDtmfGenerator {
  readonly #codec: G711Codec;
  readonly #payloadType: number;
  readonly #ssrc = randomInt(1, 0xffffffff);
  #sequenceNumber = randomInt(0, 0x8000);
  #timestamp = randomInt(0, 0x7fffffff);
  #event: CurrentEvent | undefined;

  constructor(codec: G711Codec, payloadType: number) {
    this.#codec = codec;
    this.#payloadType = payloadType;
  }

  /** Audio frames for one telephone-event packet (none for duplicates, late or non-DTMF events). */
  framesFor(packet: RtpPacket): RtpPacket[] {
    let event: TelephoneEvent;
    try {
      event = TelephoneEvent.parse(packet.payload);
    } catch {
      return [];
    }
    const frequencies = DTMF_FREQUENCIES[event.event];
    if (!frequencies) return [];
    let current = this.#event;
    if (!current || current.timestamp !== packet.timestamp) {
      if (current && (packet.timestamp - current.timestamp) >>> 0 >= 0x80000000) return [];
      current = { timestamp: packet.timestamp, frequencies, generated: 0, lastDuration: 0, ended: false };
      this.#event = current;
    }
    if (current.ended) return [];
    current.lastDuration = Math.max(current.lastDuration, event.duration);
    if (event.end) current.ended = true;
    const target = current.ended
      ? Math.ceil(current.lastDuration / SAMPLES_PER_FRAME) * SAMPLES_PER_FRAME
      : Math.floor(current.lastDuration / SAMPLES_PER_FRAME) * SAMPLES_PER_FRAME;
    const frames: RtpPacket[] = [];
    while (current.generated < target) {
      frames.push(this.#frame(current));
      current.generated += SAMPLES_PER_FRAME;
    }
    return frames;
  }

  /**
   * Whether an audio packet of the sender (same clock as its events) falls inside the sounding
   * event and should be dropped instead of mixed with the tone.
   */
  mutes(audioTimestamp: number): boolean {
    const current = this.#event;
    if (!current || current.ended) return false;
    const intoEvent = (audioTimestamp - current.timestamp) >>> 0;
    return intoEvent < current.lastDuration + EVENT_GRACE_SAMPLES;
  }

  #frame(event: CurrentEvent): RtpPacket {
    const [low, high] = event.frequencies;
    const samples = new Int16Array(SAMPLES_PER_FRAME);
    for (let i = 0; i < SAMPLES_PER_FRAME; i++) {
      const n = event.generated + i;
      const value =
        Math.sin((2 * Math.PI * low * n) / G711_SAMPLE_RATE) + Math.sin((2 * Math.PI * high * n) / G711_SAMPLE_RATE);
      samples[i] = Math.round(value * TONE_AMPLITUDE);
    }
    const packet = RtpPacket.create({
      payloadType: this.#payloadType,
      sequenceNumber: this.#sequenceNumber,
      timestamp: this.#timestamp,
      ssrc: this.#ssrc,
      marker: event.generated === 0,
      payload: encodeG711(this.#codec, samples),
    });
    this.#sequenceNumber = (this.#sequenceNumber + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + SAMPLES_PER_FRAME) >>> 0;
    return packet;
  }
}
