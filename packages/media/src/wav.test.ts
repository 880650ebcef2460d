import { describe, expect, it } from 'vitest';
import { AudioError } from './errors.ts';
import { encodeG711 } from './g711.ts';
import { parseWav, pcm16Wav, wavDurationSeconds, wavSamples, writeWav } from './wav.ts';

function expectAudioError(fn: () => unknown, code: string, message: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AudioError);
    expect((error as AudioError).code).toBe(code);
    expect((error as AudioError).message).toMatch(message);
    return;
  }
  throw new Error('expected an AudioError');
}

describe('WAV', () => {
  it('round-trips 16-bit PCM samples at 8 kHz mono', () => {
    const samples = Int16Array.of(0, 1, -1, 32767, -32768, 1234);
    const file = pcm16Wav(samples);
    expect(file.length).toBe(44 + 12);
    const audio = parseWav(file);
    expect(audio).toMatchObject({ encoding: 'pcm16', sampleRate: 8000, channels: 1 });
    expect([...wavSamples(audio)]).toEqual([...samples]);
    expect(wavDurationSeconds(audio)).toBeCloseTo(6 / 8000);
  });

  it('reads and writes μ-law and A-law files, decoding them to linear PCM', () => {
    const pcm = Int16Array.of(0, 1000, -1000, 8000);
    for (const [encoding, codec] of [
      ['mulaw', 'PCMU'],
      ['alaw', 'PCMA'],
    ] as const) {
      const data = encodeG711(codec, pcm);
      const audio = parseWav(writeWav({ encoding, sampleRate: 8000, channels: 1, data }));
      expect(audio.encoding).toBe(encoding);
      expect([...audio.data]).toEqual([...data]);
      const decoded = wavSamples(audio);
      decoded.forEach((sample, i) => expect(Math.abs(sample - pcm[i]!)).toBeLessThan(100));
    }
  });

  it('skips unknown chunks and reads WAVE_FORMAT_EXTENSIBLE', () => {
    const list = [0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0];
    const fmt = new Uint8Array(48);
    const view = new DataView(fmt.buffer);
    fmt.set([0x66, 0x6d, 0x74, 0x20]);
    view.setUint32(4, 40, true);
    view.setUint16(8, 0xfffe, true);
    view.setUint16(10, 1, true);
    view.setUint32(12, 16000, true);
    view.setUint32(16, 32000, true);
    view.setUint16(20, 2, true);
    view.setUint16(22, 16, true);
    view.setUint16(32, 1, true);
    const data = [0x64, 0x61, 0x74, 0x61, 2, 0, 0, 0, 0x34, 0x12];
    const file = Uint8Array.from([
      0x52,
      0x49,
      0x46,
      0x46,
      0,
      0,
      0,
      0,
      0x57,
      0x41,
      0x56,
      0x45,
      ...list,
      ...fmt,
      ...data,
    ]);
    const audio = parseWav(file);
    expect(audio).toMatchObject({ encoding: 'pcm16', sampleRate: 16000, channels: 1 });
    expect([...wavSamples(audio)]).toEqual([0x1234]);
  });

  it('accepts a streamed file whose data size is unknown', () => {
    const file = pcm16Wav(Int16Array.of(5, 6, 7));
    new DataView(file.buffer).setUint32(40, 0xffffffff, true);
    expect([...wavSamples(parseWav(file))]).toEqual([5, 6, 7]);
  });

  it('says a file that is not RIFF WAVE is unsupported audio', () => {
    expectAudioError(
      () => parseWav(new TextEncoder().encode('ID3\u0004 this is an mp3')),
      'unsupported_audio',
      /not a RIFF WAVE/,
    );
    expectAudioError(() => parseWav(new Uint8Array(0)), 'unsupported_audio', /not a RIFF WAVE/);
  });

  it('says a truncated file is corrupt', () => {
    const file = pcm16Wav(new Int16Array(100));
    expectAudioError(() => parseWav(file.subarray(0, 100)), 'corrupt_audio', /truncated/);
    expectAudioError(() => parseWav(file.subarray(0, 30)), 'corrupt_audio', /truncated|fmt/);
    expectAudioError(() => parseWav(file.subarray(0, 36)), 'corrupt_audio', /no data chunk/);
  });

  it('says a data chunk before fmt is corrupt', () => {
    const file = Uint8Array.from([
      0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45, 0x64, 0x61, 0x74, 0x61, 0, 0, 0, 0,
    ]);
    expectAudioError(() => parseWav(file), 'corrupt_audio', /before its fmt/);
  });

  it('refuses float and 24-bit formats as unsupported', () => {
    const float = pcm16Wav(new Int16Array(4));
    new DataView(float.buffer).setUint16(20, 3, true);
    expectAudioError(() => parseWav(float), 'unsupported_audio', /format tag 3/);
    const deep = pcm16Wav(new Int16Array(4));
    new DataView(deep.buffer).setUint16(34, 24, true);
    expectAudioError(() => parseWav(deep), 'unsupported_audio', /24 bits/);
  });

  it('says a block align that contradicts the format is corrupt', () => {
    const file = pcm16Wav(new Int16Array(4));
    new DataView(file.buffer).setUint16(32, 3, true);
    expectAudioError(() => parseWav(file), 'corrupt_audio', /block align/);
  });
});
