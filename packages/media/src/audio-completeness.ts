import { AudioError } from './errors.ts';

/**
 * Whether an audio file holds all the audio its own headers announce. Decoders read a file cut
 * short (an upload that stopped, the first 4 kB of an MP3, a WAV whose data chunk was cut, an
 * Ogg stream cut mid-page) without complaint and return what is there, a fraction of a second
 * that would be stored as if it were the recording. The containers say how long they are, so a
 * cut is found by comparing what they declare with what is present or decoded.
 */

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/**
 * A data chunk size written by a streaming writer that could not know the length: 0, 0xFFFFFFFF,
 * or espeak-ng's 0x7FFFF000. Anything that large is beyond any upload limit, so it cannot be the
 * length of a complete file that was later cut.
 */
const isPlaceholderSize = (size: number) => size === 0 || size >= 0x7fff0000;

/**
 * RIFF WAVE (see wav.ts for the layout): every chunk must fit in the file, and a data chunk that
 * announces more bytes than follow means the file was cut. Throws `corrupt_audio`.
 */
export function assertWavComplete(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 12;
  let sawData = false;
  while (offset + 8 <= bytes.length) {
    const id = fourcc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const bodyAt = offset + 8;
    if (id === 'data') {
      sawData = true;
      if (isPlaceholderSize(size)) return;
      if (bodyAt + size > bytes.length) {
        const seconds = wavSecondsOf(bytes, size);
        throw new AudioError(
          'corrupt_audio',
          `the WAV file is cut short: its data chunk announces ${size} bytes${seconds} but only ${bytes.length - bodyAt} are there`,
        );
      }
    } else if (bodyAt + size > bytes.length) {
      throw new AudioError(
        'corrupt_audio',
        `the WAV file is cut short: its '${id.trim()}' chunk runs past the end of the file`,
      );
    }
    offset = bodyAt + size + (size % 2);
  }
  if (!sawData) throw new AudioError('corrupt_audio', 'the WAV file has no audio (no data chunk)');
}

/** " (N s of audio)" when the fmt chunk says the byte rate, for a message a person can read. */
function wavSecondsOf(bytes: Uint8Array, dataSize: number): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 12; offset + 16 <= bytes.length;) {
    const size = view.getUint32(offset + 4, true);
    if (fourcc(bytes, offset) === 'fmt ' && offset + 20 <= bytes.length) {
      const byteRate = view.getUint32(offset + 16, true);
      return byteRate > 0 ? ` (${(dataSize / byteRate).toFixed(1)} s of audio)` : '';
    }
    offset += 8 + size + (size % 2);
  }
  return '';
}

/**
 * Ogg (RFC 3533 §6): a file is a sequence of whole pages, and every logical stream that begins
 * (BOS flag) ends with a page carrying the EOS flag.
 *
 * ```
 * offset  size  field
 *      0     4  capture pattern "OggS"
 *      4     1  version (0)
 *      5     1  header type: 0x01 continued packet, 0x02 first page (BOS), 0x04 last page (EOS)
 *      6     8  granule position
 *     14     4  bitstream serial number (little endian)
 *     18     4  page sequence number
 *     22     4  CRC checksum
 *     26     1  number of segments n
 *     27     n  segment table: the lacing values, whose sum is the body length
 * ```
 * Throws `corrupt_audio`.
 */
export function assertOggComplete(bytes: Uint8Array): void {
  const open = new Set<number>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  let page = 0;
  while (offset < bytes.length) {
    page += 1;
    if (bytes.length - offset < 27 || fourcc(bytes, offset) !== 'OggS') {
      const partialHeader = 'OggS'.startsWith(String.fromCharCode(...bytes.subarray(offset, offset + 4)));
      throw new AudioError(
        'corrupt_audio',
        partialHeader
          ? `the Ogg file is cut short in the header of page ${page}`
          : `the Ogg file has bytes that are not an Ogg page at offset ${offset}`,
      );
    }
    const headerType = bytes[offset + 5]!;
    const serial = view.getUint32(offset + 14, true);
    const segments = bytes[offset + 26]!;
    if (offset + 27 + segments > bytes.length)
      throw new AudioError('corrupt_audio', `the Ogg file is cut short in the middle of page ${page}`);
    let bodyLength = 0;
    for (let i = 0; i < segments; i++) bodyLength += bytes[offset + 27 + i]!;
    const end = offset + 27 + segments + bodyLength;
    if (end > bytes.length)
      throw new AudioError('corrupt_audio', `the Ogg file is cut short in the middle of page ${page}`);
    if (headerType & 0x02) open.add(serial);
    if (headerType & 0x04) open.delete(serial);
    offset = end;
  }
  if (open.size > 0) throw new AudioError('corrupt_audio', 'the Ogg file is cut short: its stream has no last page');
}

/** MPEG audio sample rates by version (index by the 2-bit field) and samples per frame. */
const MPEG_SAMPLE_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/**
 * The length an MP3 declares for itself, in seconds, from the frame count of its Xing/Info
 * header (LAME, ffmpeg) or VBRI header (Fraunhofer), or undefined when it has neither; a file
 * without one has no length of its own to compare with (players estimate it from the size).
 *
 * The header sits in the first MPEG audio frame, after an ID3v2 tag if any (ID3v2.4 §3.1: a
 * 10-byte header whose size is a 28-bit "syncsafe" integer; a footer adds 10 bytes). Xing/Info
 * follows the frame header (4 bytes) and the Layer III side information (MPEG-1: 17 bytes mono,
 * 32 otherwise; MPEG-2/2.5: 9 mono, 17 otherwise); its flags (bit 0: frame count present) are
 * followed by the frame count, big endian. VBRI sits 32 bytes after the frame header, its frame
 * count at byte 14 of it.
 */
export function mp3DeclaredSeconds(bytes: Uint8Array): number | undefined {
  let at = 0;
  if (bytes.length >= 10 && fourcc(bytes, 0).startsWith('ID3')) {
    const size =
      ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
    at = 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
  }
  // Some encoders pad before the first frame; look a little way for its sync word.
  const searchEnd = Math.min(bytes.length - 4, at + 4096);
  while (at < searchEnd && !(bytes[at] === 0xff && (bytes[at + 1]! & 0xe0) === 0xe0)) at += 1;
  if (at >= searchEnd) return undefined;
  const version = (bytes[at + 1]! >> 3) & 0x03;
  const layer = (bytes[at + 1]! >> 1) & 0x03;
  const rateIndex = (bytes[at + 2]! >> 2) & 0x03;
  const mono = ((bytes[at + 3]! >> 6) & 0x03) === 3;
  const sampleRate = MPEG_SAMPLE_RATES[version]?.[rateIndex];
  if (!sampleRate || layer === 0) return undefined;
  const samplesPerFrame = layer === 3 ? 384 : layer === 2 || version === 3 ? 1152 : 576;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sideInfo = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const xingAt = at + 4 + sideInfo;
  if (xingAt + 12 <= bytes.length && ['Xing', 'Info'].includes(fourcc(bytes, xingAt))) {
    const flags = view.getUint32(xingAt + 4, false);
    if (flags & 0x01) return (view.getUint32(xingAt + 8, false) * samplesPerFrame) / sampleRate;
    return undefined;
  }
  const vbriAt = at + 4 + 32;
  if (vbriAt + 18 <= bytes.length && fourcc(bytes, vbriAt) === 'VBRI') {
    return (view.getUint32(vbriAt + 14, false) * samplesPerFrame) / sampleRate;
  }
  return undefined;
}

/**
 * Decoded audio this much shorter than declared is a cut file. Encoder delay and padding (an
 * MP3's frame count includes them) and container rounding stay well inside it.
 */
export function isCutShort(declaredSeconds: number, decodedSeconds: number): boolean {
  return declaredSeconds - decodedSeconds > Math.max(0.25, declaredSeconds * 0.02);
}
