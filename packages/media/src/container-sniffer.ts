/**
 * Recognises audio containers by their leading "magic" bytes, to tell a damaged audio file
 * (`corrupt_audio`) from something that is not audio at all (`unsupported_audio`) when a decoder
 * rejects both alike.
 */
export type AudioContainer = 'wav' | 'mp3' | 'ogg' | 'webm' | 'mp4' | 'flac';

export function sniffAudioContainer(bytes: Uint8Array): AudioContainer | undefined {
  const ascii = (at: number, text: string) =>
    bytes.length >= at + text.length && [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'wav';
  if (ascii(0, 'OggS')) return 'ogg';
  if (ascii(0, 'fLaC')) return 'flac';
  if (ascii(4, 'ftyp')) return 'mp4';
  // EBML header (Matroska/WebM), RFC 8794 §8.1.
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) return 'webm';
  if (ascii(0, 'ID3')) return 'mp3';
  // MPEG audio frame sync: 11 set bits, then a layer other than "reserved".
  if (bytes[0] === 0xff && bytes.length > 1 && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) !== 0) return 'mp3';
  return undefined;
}
