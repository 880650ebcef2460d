import { describe, expect, it } from 'vitest';
import { sniffAudioContainer } from './container-sniffer.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

describe('sniffAudioContainer', () => {
  it('recognises the containers browsers and phones produce', () => {
    expect(sniffAudioContainer(ascii('RIFF\0\0\0\0WAVEfmt '))).toBe('wav');
    expect(sniffAudioContainer(ascii('OggS\0\u0002'))).toBe('ogg');
    expect(sniffAudioContainer(Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3, 1))).toBe('webm');
    expect(sniffAudioContainer(ascii('\0\0\0\u0020ftypM4A '))).toBe('mp4');
    expect(sniffAudioContainer(ascii('ID3\u0004'))).toBe('mp3');
    expect(sniffAudioContainer(Uint8Array.of(0xff, 0xfb, 0x90))).toBe('mp3');
    expect(sniffAudioContainer(ascii('fLaC'))).toBe('flac');
  });

  it('does not take text, images or an empty file for audio', () => {
    expect(sniffAudioContainer(ascii('hello, world'))).toBeUndefined();
    expect(sniffAudioContainer(Uint8Array.of(0x89, 0x50, 0x4e, 0x47))).toBeUndefined();
    expect(sniffAudioContainer(new Uint8Array(0))).toBeUndefined();
  });
});
