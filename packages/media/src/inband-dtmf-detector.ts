import { g711DecodeTable, type G711Codec } from './g711.ts';
import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import type { DtmfDigit } from './telephone-event.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';

const ROWS = [697, 770, 852, 941] as const;
const COLUMNS = [1209, 1336, 1477, 1633] as const;
const KEYPAD: readonly DtmfDigit[][] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

/** 205 samples at 8 kHz: the classic Goertzel DTMF block, bins about 39 Hz apart. */
const BLOCK = 205;
/**
 * Blocks overlap by half (one every 102.5 samples, 12.8 ms), so a 40 ms press — the shortest
 * ITU-T Q.24 has receivers accept — always fills two consecutive blocks, wherever it starts.
 */
const HOPS = [102, 103] as const;
/** Share of the block's energy the two tones must hold together (speech rarely does). */
const MIN_TONE_SHARE = 0.7;
/**
 * Twist limits (ITU-T Q.24): the column tone may be up to 8 dB above the row tone, the row up to
 * 4 dB above the column. A 205-sample Goertzel measures a tone's level to about ±0.5 dB (leakage
 * from the other tone and the image frequency), so the limits here are 1 dB wider, or presses at
 * exactly the allowed twist would be missed.
 */
const MAX_NORMAL_TWIST = 10 ** (9 / 10);
const MAX_REVERSE_TWIST = 10 ** (5 / 10);
/** The strongest other frequency of each group must be this far below (6 dB). */
const MIN_GROUP_MARGIN = 10 ** (6 / 10);
/** Mean square below which a block is silence (about -45 dBFS). */
const MIN_MEAN_SQUARE = 200 ** 2 / 2;
/** The Goertzel coefficient 2·cos(2πf/8000) of each DTMF frequency: rows 0–3, columns 4–7. */
const COEFFICIENTS = Float64Array.from([...ROWS, ...COLUMNS], (f) => 2 * Math.cos((2 * Math.PI * f) / 8000));

export interface InbandDtmfDetectorOptions {
  /** Consecutive (overlapping) blocks a digit must be found in to count; default 2 (about 38 ms of tone). */
  minBlocks?: number;
}

export type InbandDtmfDetectorEvents = {
  digit: [digit: DtmfDigit];
};

/**
 * Hears DTMF key presses in audio, for phones and trunks that send tones in-band instead of
 * RFC 4733 events. Each 205-sample block (blocks overlap by half) is tested with the Goertzel
 * algorithm at the eight DTMF frequencies (ITU-T Q.23); a block holds a digit when one row and one
 * column tone carry most of its energy, their twist is within ITU-T Q.24 limits and no other tone
 * of either group comes close. A digit is reported once it lasts `minBlocks` blocks, and again
 * only after two blocks without it, so one long press is one digit. Presses of 40 ms and more are
 * heard, 30 ms and less are not (Q.24 lets receivers choose in between).
 */
export class InbandDtmfDetector extends TypedEventEmitter<InbandDtmfDetectorEvents> {
  readonly #minBlocks: number;
  /** The last BLOCK samples, oldest first from `#start`. */
  readonly #window = new Int16Array(BLOCK);
  readonly #block = new Int16Array(BLOCK);
  #start = 0;
  #untilNext = BLOCK;
  #hop = 0;
  #candidate: DtmfDigit | undefined;
  #candidateBlocks = 0;
  #reported: DtmfDigit | undefined;
  #blocksWithout = 0;

  constructor(options: InbandDtmfDetectorOptions = {}) {
    super();
    this.#minBlocks = options.minBlocks ?? 2;
  }

  /** Feeds 8 kHz 16-bit samples, in order. */
  pushSamples(samples: Int16Array): void {
    for (let i = 0; i < samples.length; i++) this.#sample(samples[i]!);
  }

  /**
   * Feeds one G.711 audio packet, decoded sample by sample into the window (issue 11: this runs on
   * every packet of every bridged call until an RFC 4733 event is heard, so it allocates nothing).
   */
  push(packet: RtpPacket, codec: G711Codec): void {
    const table = g711DecodeTable(codec);
    const payload = packet.payload;
    for (let i = 0; i < payload.length; i++) this.#sample(table[payload[i]!]!);
  }

  #sample(sample: number): void {
    this.#window[this.#start] = sample;
    if (++this.#start === BLOCK) this.#start = 0;
    if (--this.#untilNext > 0) return;
    this.#untilNext = HOPS[this.#hop++ & 1]!;
    // The window in order, oldest sample first.
    this.#block.set(this.#window.subarray(this.#start), 0);
    this.#block.set(this.#window.subarray(0, this.#start), BLOCK - this.#start);
    this.#decide(detectDigit(this.#block));
  }

  /** Listens to the endpoint's audio of the given payload type; returns a function that stops. */
  listen(endpoint: RtpEndpoint, audio: { payloadType: number; codec: G711Codec }): () => void {
    const onRtp = (packet: RtpPacket) => {
      if (packet.payloadType === audio.payloadType) this.push(packet, audio.codec);
    };
    endpoint.on('rtp', onRtp);
    return () => endpoint.off('rtp', onRtp);
  }

  #decide(digit: DtmfDigit | undefined): void {
    if (digit === undefined) {
      this.#candidate = undefined;
      this.#candidateBlocks = 0;
      // Two overlapping blocks without the tone: at least 25 ms of pause, so the key was released.
      if (++this.#blocksWithout >= 2) this.#reported = undefined;
      return;
    }
    this.#blocksWithout = 0;
    if (digit === this.#candidate) this.#candidateBlocks++;
    else {
      this.#candidate = digit;
      this.#candidateBlocks = 1;
    }
    if (this.#candidateBlocks >= this.#minBlocks && this.#reported !== digit) {
      this.#reported = digit;
      this.emit('digit', digit);
    }
  }
}

/** Goertzel powers of the eight DTMF frequencies in one block, rows 0–3 then columns 4–7 (reused). */
const powers = new Float64Array(8);

/**
 * The eight Goertzel filters in one pass over the block (the same arithmetic as `goertzelPower`
 * run eight times, without its loop and cosine eight times over).
 */
function measure(block: Int16Array): void {
  const [c0, c1, c2, c3, c4, c5, c6, c7] = COEFFICIENTS as unknown as number[];
  let p0 = 0,
    p1 = 0,
    p2 = 0,
    p3 = 0,
    p4 = 0,
    p5 = 0,
    p6 = 0,
    p7 = 0;
  let q0 = 0,
    q1 = 0,
    q2 = 0,
    q3 = 0,
    q4 = 0,
    q5 = 0,
    q6 = 0,
    q7 = 0;
  for (let i = 0; i < block.length; i++) {
    const x = block[i]!;
    let t: number;
    t = x + c0! * p0 - q0;
    q0 = p0;
    p0 = t;
    t = x + c1! * p1 - q1;
    q1 = p1;
    p1 = t;
    t = x + c2! * p2 - q2;
    q2 = p2;
    p2 = t;
    t = x + c3! * p3 - q3;
    q3 = p3;
    p3 = t;
    t = x + c4! * p4 - q4;
    q4 = p4;
    p4 = t;
    t = x + c5! * p5 - q5;
    q5 = p5;
    p5 = t;
    t = x + c6! * p6 - q6;
    q6 = p6;
    p6 = t;
    t = x + c7! * p7 - q7;
    q7 = p7;
    p7 = t;
  }
  powers[0] = p0 * p0 + q0 * q0 - c0! * p0 * q0;
  powers[1] = p1 * p1 + q1 * q1 - c1! * p1 * q1;
  powers[2] = p2 * p2 + q2 * q2 - c2! * p2 * q2;
  powers[3] = p3 * p3 + q3 * q3 - c3! * p3 * q3;
  powers[4] = p4 * p4 + q4 * q4 - c4! * p4 * q4;
  powers[5] = p5 * p5 + q5 * q5 - c5! * p5 * q5;
  powers[6] = p6 * p6 + q6 * q6 - c6! * p6 * q6;
  powers[7] = p7 * p7 + q7 * q7 - c7! * p7 * q7;
}

/** The digit one block holds, if any. */
function detectDigit(block: Int16Array): DtmfDigit | undefined {
  let energy = 0;
  for (let i = 0; i < block.length; i++) energy += block[i]! * block[i]!;
  if (energy / block.length < MIN_MEAN_SQUARE) return undefined;
  measure(block);
  // Normalised so a pure sine at a bin frequency scores about 1 of the block's energy.
  const scale = 2 / (block.length * energy);
  const row = strongest(0);
  const column = strongest(4);
  const rowShare = powers[row]! * scale;
  const columnShare = powers[column]! * scale;
  if (rowShare + columnShare < MIN_TONE_SHARE) return undefined;
  if (columnShare > rowShare * MAX_NORMAL_TWIST || rowShare > columnShare * MAX_REVERSE_TWIST) return undefined;
  for (let i = 0; i < 4; i++) {
    if (i !== row && powers[i]! * scale * MIN_GROUP_MARGIN > rowShare) return undefined;
    if (i + 4 !== column && powers[i + 4]! * scale * MIN_GROUP_MARGIN > columnShare) return undefined;
  }
  return KEYPAD[row]![column - 4];
}

/** The strongest of the four powers from `first`. */
function strongest(first: number): number {
  let best = first;
  for (let i = first + 1; i < first + 4; i++) if (powers[i]! > powers[best]!) best = i;
  return best;
}
