import { randomInt } from 'node:crypto';
import { systemClock, type Clock } from './clock.ts';
import { InvalidStateError } from './errors.ts';
import { G711_SAMPLE_RATE } from './g711.ts';
import type { RtpSender } from './player.ts';
import { RtpPacket } from './rtp-packet.ts';
import { digitToEvent, TelephoneEvent } from './telephone-event.ts';

export interface TelephoneEventSenderOptions {
  /** The telephone-event payload type negotiated on this leg. */
  payloadType: number;
  /** Power level in -dBm0 (RFC 4733 §2.3.4), default 10. */
  volume?: number;
  clock?: Clock;
}

/** Interval between updates of a sounding event (RFC 4733 §2.5.1.2 suggests 50 ms). */
const UPDATE_MS = 50;
/** Pause after each digit before the next one starts. */
const INTER_DIGIT_MS = 50;
/** The final packet is sent three times (RFC 4733 §2.5.1.4). */
const END_REPEATS = 3;

/**
 * Sends DTMF digits as RFC 4733 events, e.g. digits the switch received by SIP INFO that must
 * reach a leg which negotiated telephone-event.
 *
 * Per digit (RFC 4733 §2.5.1): a first packet with the marker bit, updates every 50 ms with the
 * duration so far, all with the timestamp of the event's start (§2.5.1.2), then the final packet
 * with the E bit three times (§2.5.1.4). Digits queue and play one after another.
 */
export class TelephoneEventSender {
  readonly #sender: RtpSender;
  readonly #payloadType: number;
  readonly #volume: number;
  readonly #clock: Clock;
  readonly #ssrc = randomInt(1, 0xffffffff);
  #sequenceNumber = randomInt(0, 0x8000);
  readonly #timestampBase = randomInt(0, 0x7fffffff);
  readonly #startedAt: number;
  #queue: Promise<void> = Promise.resolve();

  constructor(sender: RtpSender, options: TelephoneEventSenderOptions) {
    this.#sender = sender;
    this.#payloadType = options.payloadType;
    this.#volume = options.volume ?? 10;
    this.#clock = options.clock ?? systemClock;
    this.#startedAt = this.#clock.now();
  }

  /**
   * Sends one digit lasting `durationMs` (default 100, at least 40 per ITU-T Q.24). Resolves when
   * its end packets and the pause after it are done. Throws `RangeError` for a non-DTMF digit.
   */
  sendDigit(digit: string, durationMs = 100): Promise<void> {
    const event = digitToEvent(digit);
    if (!(durationMs >= 40 && durationMs <= 8000))
      throw new RangeError(`DTMF duration must be 40..8000 ms, got ${durationMs}`);
    const run = this.#queue.then(() => this.#play(event, durationMs));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Sends several digits in order. */
  async sendDigits(digits: string, durationMs = 100): Promise<void> {
    for (const digit of digits) await this.sendDigit(digit, durationMs);
  }

  async #play(event: number, durationMs: number): Promise<void> {
    const timestamp =
      (this.#timestampBase + Math.round(((this.#clock.now() - this.#startedAt) * G711_SAMPLE_RATE) / 1000)) >>> 0;
    const total = Math.round((durationMs * G711_SAMPLE_RATE) / 1000);
    let elapsedMs = 0;
    for (let first = true; elapsedMs < durationMs; first = false) {
      const duration = Math.min(total, Math.round(((elapsedMs + UPDATE_MS) * G711_SAMPLE_RATE) / 1000));
      this.#send(event, timestamp, duration, false, first);
      const wait = Math.min(UPDATE_MS, durationMs - elapsedMs);
      await this.#sleep(wait);
      elapsedMs += wait;
    }
    for (let i = 0; i < END_REPEATS; i++) this.#send(event, timestamp, total, true, false);
    await this.#sleep(INTER_DIGIT_MS);
  }

  #send(event: number, timestamp: number, duration: number, end: boolean, marker: boolean): void {
    if (this.#sender.closed) throw new InvalidStateError('cannot send DTMF on a closed endpoint');
    const packet = RtpPacket.create({
      payloadType: this.#payloadType,
      sequenceNumber: this.#sequenceNumber,
      timestamp,
      ssrc: this.#ssrc,
      marker,
      payload: TelephoneEvent.create({ event, end, volume: this.#volume, duration }).bytes,
    });
    this.#sequenceNumber = (this.#sequenceNumber + 1) & 0xffff;
    this.#sender.send(packet);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#clock.setTimeout(resolve, ms));
  }
}
