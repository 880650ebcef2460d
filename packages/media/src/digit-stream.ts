import { systemClock, type Clock } from './clock.ts';
import { DtmfDetector } from './dtmf-detector.ts';
import type { G711Codec } from './g711.ts';
import { InbandDtmfDetector } from './inband-dtmf-detector.ts';
import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import type { DtmfDigit } from './telephone-event.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';

/** How a key press reached us: RFC 4733 events, a signalled digit (SIP INFO), or tones in the audio. */
export type DigitSource = 'rfc4733' | 'info' | 'inband';

export interface DigitStreamFormat {
  /** The dynamic payload type of telephone-event on this stream, or null when not negotiated. */
  telephoneEventPayloadType: number | null;
  /** The audio payload type and codec, for in-band detection; null turns in-band detection off. */
  audio: { payloadType: number; codec: G711Codec } | null;
}

export interface DigitStreamOptions extends DigitStreamFormat {
  /**
   * The same digit from another source within this many milliseconds is the same press heard
   * twice (default 300 ms: a person cannot press one key twice that fast, a phone that sends both
   * RFC 4733 and INFO does it within a few milliseconds).
   */
  duplicateWindowMs?: number;
  clock?: Clock;
}

export interface StreamDigit {
  digit: DtmfDigit;
  source: DigitSource;
}

export type DigitStreamEvents = {
  /** Once per key press, whichever way (or ways) it came. */
  digit: [StreamDigit];
};

/**
 * One stream of key presses from one party, however the phone sends them.
 *
 * - RFC 4733 events go through {@link DtmfDetector}, which reports each press once despite the
 *   event's repeated updates and triple end packet (RFC 4733 §2.5.1.4).
 * - In-band tones go through {@link InbandDtmfDetector} — for phones that send neither events nor
 *   INFO. It runs only until the first RFC 4733 event arrives: a phone that sends events may
 *   still leave the tone in its audio (RFC 4733 §2.6 says it should not, some do), and hearing
 *   the press twice would type the digit twice.
 * - Digits from signalling (SIP INFO, RFC 6086) are `inject`ed.
 * A press heard from two sources (a phone sending both INFO and events, or a tone detected before
 * the first event arrived) is reported once: the same digit from a different source within
 * `duplicateWindowMs` is dropped. Repeats from one source are never dropped here — the detectors
 * already tell one long press from two.
 */
export class DigitStream extends TypedEventEmitter<DigitStreamEvents> {
  readonly #events = new DtmfDetector();
  readonly #tones = new InbandDtmfDetector();
  readonly #clock: Clock;
  readonly #duplicateWindowMs: number;
  #format: DigitStreamFormat;
  #heardTelephoneEvents = false;
  #last: { digit: DtmfDigit; source: DigitSource; at: number } | undefined;

  constructor(options: DigitStreamOptions) {
    super();
    this.#clock = options.clock ?? systemClock;
    this.#duplicateWindowMs = options.duplicateWindowMs ?? 300;
    this.#format = { telephoneEventPayloadType: options.telephoneEventPayloadType, audio: options.audio };
    this.#events.on('digit', ({ digit }) => this.#report(digit, 'rfc4733'));
    this.#tones.on('digit', (digit) => this.#report(digit, 'inband'));
  }

  /** Whether in-band tones are still listened for (until the first RFC 4733 event). */
  get listensForTones(): boolean {
    return this.#format.audio !== null && !this.#heardTelephoneEvents;
  }

  /** A new SDP negotiated other payload types (re-INVITE). */
  setFormat(format: DigitStreamFormat): void {
    this.#format = { telephoneEventPayloadType: format.telephoneEventPayloadType, audio: format.audio };
  }

  /** Feeds one received RTP packet; other payload types are ignored. */
  push(packet: RtpPacket): void {
    const { telephoneEventPayloadType, audio } = this.#format;
    if (telephoneEventPayloadType !== null && packet.payloadType === telephoneEventPayloadType) {
      this.#heardTelephoneEvents = true;
      this.#events.push(packet);
    } else if (audio && packet.payloadType === audio.payloadType && !this.#heardTelephoneEvents) {
      this.#tones.push(packet, audio.codec);
    }
  }

  /** A digit that came by signalling (SIP INFO). */
  inject(digit: DtmfDigit, source: DigitSource = 'info'): void {
    this.#report(digit, source);
  }

  /** Feeds the stream every RTP packet the endpoint receives; returns a function that stops. */
  listen(endpoint: RtpEndpoint): () => void {
    const onRtp = (packet: RtpPacket) => this.push(packet);
    endpoint.on('rtp', onRtp);
    return () => endpoint.off('rtp', onRtp);
  }

  #report(digit: DtmfDigit, source: DigitSource): void {
    const now = this.#clock.now();
    const last = this.#last;
    if (last && last.digit === digit && last.source !== source && now - last.at < this.#duplicateWindowMs) return;
    this.#last = { digit, source, at: now };
    this.emit('digit', { digit, source });
  }
}
