import alawmulaw from 'alawmulaw';

/**
 * G.711 (ITU-T G.711) companding for the two static RTP payload types of RFC 3551 §6:
 * PCMU (μ-law, PT 0) and PCMA (A-law, PT 8), both 8 kHz, one byte per sample.
 * The companding itself comes from the `alawmulaw` package.
 */
export type G711Codec = 'PCMU' | 'PCMA';

/** Static payload types from RFC 3551 §6, Table 4. */
export const G711_PAYLOAD_TYPES: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

export const G711_SAMPLE_RATE = 8000;

/** The G.711 codec for a static payload type, or undefined. */
export function g711CodecForPayloadType(payloadType: number): G711Codec | undefined {
  if (payloadType === 0) return 'PCMU';
  if (payloadType === 8) return 'PCMA';
  return undefined;
}

/**
 * Every received packet is decoded (recording, in-band DTMF), so decoding is a lookup in a table
 * of the 256 code words built once from `alawmulaw`, not a function call per sample.
 */
const DECODE_TABLES: Record<G711Codec, Int16Array> = {
  PCMU: alawmulaw.mulaw.decode(Uint8Array.from({ length: 256 }, (_, i) => i)),
  PCMA: alawmulaw.alaw.decode(Uint8Array.from({ length: 256 }, (_, i) => i)),
};

/** Companded bytes → 16-bit linear PCM samples. */
export function decodeG711(codec: G711Codec, encoded: Uint8Array): Int16Array {
  const table = DECODE_TABLES[codec];
  const out = new Int16Array(encoded.length);
  for (let i = 0; i < encoded.length; i++) out[i] = table[encoded[i]!]!;
  return out;
}

/** The 256 linear samples a G.711 byte stands for, for decoding in place on hot paths (no array per packet). */
export function g711DecodeTable(codec: G711Codec): Int16Array {
  return DECODE_TABLES[codec];
}

/** 16-bit linear PCM samples → companded bytes. */
export function encodeG711(codec: G711Codec, samples: Int16Array): Uint8Array {
  return codec === 'PCMU' ? alawmulaw.mulaw.encode(samples) : alawmulaw.alaw.encode(samples);
}

function buildTable(from: G711Codec, to: G711Codec): Uint8Array {
  const all = new Uint8Array(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  return encodeG711(to, decodeG711(from, all));
}

// Both codecs have 256 code words, so PCMU<->PCMA is a byte-for-byte table lookup.
const TRANSCODE_TABLES: Record<`${G711Codec}>${G711Codec}`, Uint8Array | undefined> = {
  'PCMU>PCMA': undefined,
  'PCMA>PCMU': undefined,
  'PCMU>PCMU': undefined,
  'PCMA>PCMA': undefined,
};

function table(from: G711Codec, to: G711Codec): Uint8Array {
  const key = `${from}>${to}` as const;
  return (TRANSCODE_TABLES[key] ??= buildTable(from, to));
}

/**
 * Transcodes a G.711 payload between μ-law and A-law. Writes into `target` (which may be the
 * source itself, for in-place transcoding of a packet payload) or into a new array.
 */
export function transcodeG711(from: G711Codec, to: G711Codec, source: Uint8Array, target?: Uint8Array): Uint8Array {
  const out = target ?? new Uint8Array(source.length);
  if (out.length < source.length)
    throw new RangeError(`transcode target of ${out.length} bytes is shorter than ${source.length}`);
  if (from === to) {
    if (out !== source) out.set(source);
    return out;
  }
  const lookup = table(from, to);
  for (let i = 0; i < source.length; i++) out[i] = lookup[source[i]!]!;
  return out;
}

/** The byte a codec uses for digital silence (the encoding of sample 0). */
export function g711Silence(codec: G711Codec): number {
  return encodeG711(codec, Int16Array.of(0))[0]!;
}
