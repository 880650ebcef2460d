import { decodeG711, type G711Codec } from './g711.ts';
import { goertzelPower } from './goertzel.ts';
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
    for (const sample of samples) {
      this.#window[this.#start] = sample;
      this.#start = (this.#start + 1) % BLOCK;
      if (--this.#untilNext > 0) continue;
      this.#untilNext = HOPS[this.#hop++ % HOPS.length]!;
      // The window in order, oldest sample first.
      this.#block.set(this.#window.subarray(this.#start), 0);
      this.#block.set(this.#window.subarray(0, this.#start), BLOCK - this.#start);
      this.#decide(detectDigit(this.#block));
    }
  }

  /** Feeds one G.711 audio packet. */
  push(packet: RtpPacket, codec: G711Codec): void {
    this.pushSamples(decodeG711(codec, packet.payload));
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

/** The digit one block holds, if any. */
function detectDigit(block: Int16Array): DtmfDigit | undefined {
  let energy = 0;
  for (const sample of block) energy += sample * sample;
  if (energy / block.length < MIN_MEAN_SQUARE) return undefined;
  // Normalised so a pure sine at a bin frequency scores about 1 of the block's energy.
  const share = (frequency: number) => (2 * goertzelPower(block, frequency)) / (block.length * energy);
  const rows = ROWS.map(share);
  const columns = COLUMNS.map(share);
  const row = strongest(rows);
  const column = strongest(columns);
  const rowShare = rows[row]!;
  const columnShare = columns[column]!;
  if (rowShare + columnShare < MIN_TONE_SHARE) return undefined;
  if (columnShare > rowShare * MAX_NORMAL_TWIST || rowShare > columnShare * MAX_REVERSE_TWIST) return undefined;
  if (rows.some((s, i) => i !== row && s * MIN_GROUP_MARGIN > rowShare)) return undefined;
  if (columns.some((s, i) => i !== column && s * MIN_GROUP_MARGIN > columnShare)) return undefined;
  return KEYPAD[row]![column];
}

function strongest(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
