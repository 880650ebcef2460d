/**
 * RFC 4733 telephone-event payload (DTMF digits carried as named events), a view over its bytes.
 *
 * RFC 4733 §2.3 https://www.rfc-editor.org/rfc/rfc4733#section-2.3
 *
 * ```
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ```
 *
 * Event codes for DTMF are in RFC 4733 §3.2: 0–9 are the digits, 10 is `*`, 11 is `#`,
 * 12–15 are A–D, 16 is flash.
 */
export const TELEPHONE_EVENT_LENGTH = 4;

export type DtmfDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

const DIGITS: readonly DtmfDigit[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'A', 'B', 'C', 'D'];

/** The DTMF digit for an event code (RFC 4733 §3.2), or undefined for non-DTMF events (e.g. 16, flash). */
export function eventToDigit(event: number): DtmfDigit | undefined {
  return DIGITS[event];
}

/** The event code for a DTMF digit (RFC 4733 §3.2). Throws `RangeError` for anything else. */
export function digitToEvent(digit: string): number {
  const index = DIGITS.indexOf(digit.toUpperCase() as DtmfDigit);
  if (index < 0) throw new RangeError(`'${digit}' is not a DTMF digit`);
  return index;
}

export interface TelephoneEventInit {
  event: number;
  end?: boolean;
  /** Power level in dBm0 below zero, 0..63 (RFC 4733 §2.3.4); e.g. 10 means -10 dBm0. */
  volume?: number;
  /** Duration in timestamp units (8 kHz → 1/8 ms) since the event began, 0..65535. */
  duration: number;
}

export class TelephoneEvent {
  readonly #bytes: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /**
   * Reads the first event of an RTP payload without copying. Throws `RangeError` when the payload
   * is shorter than 4 bytes. (RFC 4733 §2.5.1.5 allows redundant events after the first in
   * RFC 2198 audio/red; the switch does not negotiate red, so only the first one is read.)
   */
  static parse(payload: Uint8Array): TelephoneEvent {
    if (payload.length < TELEPHONE_EVENT_LENGTH) {
      throw new RangeError(`telephone-event payload needs ${TELEPHONE_EVENT_LENGTH} bytes, got ${payload.length}`);
    }
    return new TelephoneEvent(payload);
  }

  static create(init: TelephoneEventInit): TelephoneEvent {
    const volume = init.volume ?? 10;
    check('event', init.event, 255);
    check('volume', volume, 63);
    check('duration', init.duration, 0xffff);
    const bytes = new Uint8Array(TELEPHONE_EVENT_LENGTH);
    bytes[0] = init.event;
    bytes[1] = (init.end ? 0x80 : 0) | volume;
    bytes[2] = init.duration >> 8;
    bytes[3] = init.duration & 0xff;
    return new TelephoneEvent(bytes);
  }

  get event(): number {
    return this.#bytes[0]!;
  }

  /** The DTMF digit this event stands for, or undefined for non-DTMF events. */
  get digit(): DtmfDigit | undefined {
    return eventToDigit(this.event);
  }

  /** E bit: this packet marks the end of the event (RFC 4733 §2.5.1.4). */
  get end(): boolean {
    return (this.#bytes[1]! & 0x80) !== 0;
  }

  get volume(): number {
    return this.#bytes[1]! & 0x3f;
  }

  get duration(): number {
    return (this.#bytes[2]! << 8) | this.#bytes[3]!;
  }

  /** The 4 payload bytes (a view, not a copy). */
  get bytes(): Uint8Array {
    return this.#bytes.subarray(0, TELEPHONE_EVENT_LENGTH);
  }
}

function check(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`telephone-event ${name} must be an integer in 0..${max}, got ${value}`);
  }
}
