import { AudioError } from './errors.ts';
import { decodeG711 } from './g711.ts';

/**
 * RIFF WAVE files with PCM 16-bit, μ-law or A-law samples.
 *
 * Microsoft RIFF/WAVE (Multimedia Programming Interface and Data Specifications 1.0) and
 * RFC 2361 for the format tags https://www.rfc-editor.org/rfc/rfc2361
 *
 * ```
 * offset  size  field
 *      0     4  "RIFF"
 *      4     4  RIFF size = file size - 8 (little endian, like every number below)
 *      8     4  "WAVE"
 *     12        chunks, each: id (4) | size (4) | data (size, padded to even length)
 *
 * "fmt " chunk (16, 18 or 40 bytes):
 *      0     2  format tag: 1 PCM, 6 A-law, 7 μ-law, 0xFFFE WAVE_FORMAT_EXTENSIBLE
 *      2     2  channels
 *      4     4  sample rate
 *      8     4  byte rate = sample rate × block align
 *     12     2  block align = channels × bits per sample / 8
 *     14     2  bits per sample (16 for PCM, 8 for A-law/μ-law)
 *     16     2  extension size (cbSize), then for EXTENSIBLE: valid bits (2),
 *               channel mask (4), sub-format GUID (16) whose first 2 bytes are the format tag
 *
 * "data" chunk: the samples, interleaved by channel.
 * ```
 *
 * Parsing returns views into the given bytes. Problems raise {@link AudioError}:
 * `unsupported_audio` for files that are not WAVE or use another sample format,
 * `corrupt_audio` for WAVE files whose chunks do not add up.
 */
export type WavEncoding = 'pcm16' | 'mulaw' | 'alaw';

export interface WavAudio {
  encoding: WavEncoding;
  sampleRate: number;
  channels: number;
  /** The raw sample bytes of the data chunk (a view). */
  data: Uint8Array;
}

const FORMAT_TAGS: Record<WavEncoding, number> = { pcm16: 1, alaw: 6, mulaw: 7 };
const EXTENSIBLE = 0xfffe;
const HEADER_LENGTH = 44;
const FMT_LENGTH = 16;
/** Size some streaming writers put in place of a length they could not know. */
const UNKNOWN_SIZE = 0xffffffff;

function bytesPerSample(encoding: WavEncoding): number {
  return encoding === 'pcm16' ? 2 : 1;
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** Parses a RIFF WAVE file. Throws {@link AudioError} with `unsupported_audio` or `corrupt_audio`. */
export function parseWav(bytes: Uint8Array): WavAudio {
  if (bytes.length < 12 || fourcc(bytes, 0) !== 'RIFF' || fourcc(bytes, 8) !== 'WAVE') {
    throw new AudioError('unsupported_audio', 'not a RIFF WAVE file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: Omit<WavAudio, 'data'> | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourcc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const bodyAt = offset + 8;
    if (id === 'data') {
      if (!format) throw new AudioError('corrupt_audio', 'WAVE data chunk comes before its fmt chunk');
      let end = bodyAt + size;
      if (size === UNKNOWN_SIZE || size === 0) end = bytes.length;
      else if (end > bytes.length) {
        throw new AudioError(
          'corrupt_audio',
          `WAVE data chunk announces ${size} bytes but only ${bytes.length - bodyAt} are present (truncated file)`,
        );
      }
      const frame = format.channels * bytesPerSample(format.encoding);
      const whole = end - bodyAt - ((end - bodyAt) % frame);
      return { ...format, data: bytes.subarray(bodyAt, bodyAt + whole) };
    }
    if (bodyAt + size > bytes.length) {
      throw new AudioError(
        'corrupt_audio',
        `WAVE '${id}' chunk of ${size} bytes runs past the end of the file (truncated file)`,
      );
    }
    if (id === 'fmt ') format = parseFormat(view, bodyAt, size);
    offset = bodyAt + size + (size % 2);
  }
  throw new AudioError('corrupt_audio', format ? 'WAVE file has no data chunk' : 'WAVE file has no fmt chunk');
}

function parseFormat(view: DataView, at: number, size: number): Omit<WavAudio, 'data'> {
  if (size < FMT_LENGTH) throw new AudioError('corrupt_audio', `WAVE fmt chunk is ${size} bytes, at least 16 expected`);
  let tag = view.getUint16(at, true);
  const channels = view.getUint16(at + 2, true);
  const sampleRate = view.getUint32(at + 4, true);
  const blockAlign = view.getUint16(at + 12, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (tag === EXTENSIBLE) {
    if (size < 40) throw new AudioError('corrupt_audio', 'WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes');
    tag = view.getUint16(at + 24, true);
  }
  const encoding = (Object.keys(FORMAT_TAGS) as WavEncoding[]).find((e) => FORMAT_TAGS[e] === tag);
  if (!encoding)
    throw new AudioError('unsupported_audio', `WAVE format tag ${tag} is not supported (PCM, A-law or μ-law only)`);
  const expectedBits = bytesPerSample(encoding) * 8;
  if (bitsPerSample !== expectedBits) {
    throw new AudioError(
      'unsupported_audio',
      `WAVE ${encoding} with ${bitsPerSample} bits per sample is not supported (${expectedBits} expected)`,
    );
  }
  if (channels < 1 || sampleRate < 1)
    throw new AudioError('corrupt_audio', `WAVE fmt has ${channels} channels at ${sampleRate} Hz`);
  if (blockAlign !== channels * bytesPerSample(encoding)) {
    throw new AudioError(
      'corrupt_audio',
      `WAVE block align ${blockAlign} does not match ${channels} channels of ${bitsPerSample} bits`,
    );
  }
  return { encoding, sampleRate, channels };
}

/** The 44-byte header of a canonical WAVE file holding `dataLength` sample bytes. */
export function wavHeader(encoding: WavEncoding, sampleRate: number, channels: number, dataLength: number): Uint8Array {
  const header = new Uint8Array(HEADER_LENGTH);
  const view = new DataView(header.buffer);
  const blockAlign = channels * bytesPerSample(encoding);
  header.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  view.setUint32(4, Math.min(UNKNOWN_SIZE, 36 + dataLength + (dataLength % 2)), true);
  header.set([0x57, 0x41, 0x56, 0x45], 8); // WAVE
  header.set([0x66, 0x6d, 0x74, 0x20], 12); // "fmt "
  view.setUint32(16, FMT_LENGTH, true);
  view.setUint16(20, FORMAT_TAGS[encoding], true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bytesPerSample(encoding) * 8, true);
  header.set([0x64, 0x61, 0x74, 0x61], 36); // data
  view.setUint32(40, dataLength, true);
  return header;
}

/** Serialises audio as a canonical 44-byte-header WAVE file. */
export function writeWav(audio: WavAudio): Uint8Array {
  const padded = audio.data.length % 2;
  const out = new Uint8Array(HEADER_LENGTH + audio.data.length + padded);
  out.set(wavHeader(audio.encoding, audio.sampleRate, audio.channels, audio.data.length), 0);
  out.set(audio.data, HEADER_LENGTH);
  return out;
}

/** A 16-bit PCM WAVE file from samples (8 kHz mono by default: the telephony format). */
export function pcm16Wav(samples: Int16Array, sampleRate = 8000, channels = 1): Uint8Array {
  return writeWav({ encoding: 'pcm16', sampleRate, channels, data: int16ToBytes(samples) });
}

/** Decodes the samples of any supported encoding to 16-bit linear PCM (channels stay interleaved). */
export function wavSamples(audio: WavAudio): Int16Array {
  if (audio.encoding === 'mulaw') return decodeG711('PCMU', audio.data);
  if (audio.encoding === 'alaw') return decodeG711('PCMA', audio.data);
  const samples = new Int16Array(audio.data.length >> 1);
  const view = new DataView(audio.data.buffer, audio.data.byteOffset, audio.data.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/** Duration of the audio in seconds. */
export function wavDurationSeconds(audio: WavAudio): number {
  return audio.data.length / (audio.channels * bytesPerSample(audio.encoding) * audio.sampleRate);
}

/** Little-endian bytes of 16-bit samples, as WAVE stores them. */
export function int16ToBytes(samples: Int16Array): Uint8Array {
  // On a little-endian machine (every one Node runs on in practice) the memory is the file's layout.
  if (LITTLE_ENDIAN) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength).slice();
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
  return bytes;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
