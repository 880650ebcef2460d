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
/** Share of the block's energy the two tones must hold together (speech rarely does). */
const MIN_TONE_SHARE = 0.7;
/** Twist limits (ITU-T Q.24): column may be up to 8 dB above the row, row up to 4 dB above the column. */
const MAX_NORMAL_TWIST = 10 ** (8 / 10);
const MAX_REVERSE_TWIST = 10 ** (4 / 10);
/** The strongest other frequency of each group must be this far below (6 dB). */
const MIN_GROUP_MARGIN = 10 ** (6 / 10);
/** Mean square below which a block is silence (about -45 dBFS). */
const MIN_MEAN_SQUARE = 200 ** 2 / 2;

export interface InbandDtmfDetectorOptions {
  /** Consecutive blocks (25.6 ms each) a digit must last to count; default 2 (Q.24 asks ≥ 40 ms). */
  minBlocks?: number;
}

export type InbandDtmfDetectorEvents = {
  digit: [digit: DtmfDigit];
};

/**
 * Hears DTMF key presses in audio, for phones and trunks that send tones in-band instead of
 * RFC 4733 events. Each 205-sample block is tested with the Goertzel algorithm at the eight DTMF
 * frequencies (ITU-T Q.23); a block holds a digit when one row and one column tone carry most of
 * its energy, their twist is within ITU-T Q.24 limits and no other tone of either group comes
 * close. A digit is reported once it lasts `minBlocks` blocks, and again only after two blocks
 * without it, so one long press is one digit.
 */
export class InbandDtmfDetector extends TypedEventEmitter<InbandDtmfDetectorEvents> {
  readonly #minBlocks: number;
  readonly #block = new Int16Array(BLOCK);
  #filled = 0;
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
    let offset = 0;
    while (offset < samples.length) {
      const take = Math.min(BLOCK - this.#filled, samples.length - offset);
      this.#block.set(samples.subarray(offset, offset + take), this.#filled);
      this.#filled += take;
      offset += take;
      if (this.#filled === BLOCK) {
        this.#filled = 0;
        this.#decide(detectDigit(this.#block));
      }
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
