import { describe, expect, it } from 'vitest';
import { assertOggComplete, assertWavComplete, isCutShort, mp3DeclaredSeconds } from './audio-completeness.ts';
import { AudioError } from './errors.ts';
import { pcm16Wav } from './wav.ts';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(AudioError);
    return (error as AudioError).code;
  }
}

describe('a WAV file', () => {
  const wav = pcm16Wav(new Int16Array(8000), 8000);

  it('is complete when every chunk fits', () => {
    expect(codeOf(() => assertWavComplete(wav))).toBeUndefined();
  });

  it('is cut short when its data chunk announces more than is there', () => {
    expect(() => assertWavComplete(wav.subarray(0, 1000))).toThrow(
      /data chunk announces 16000 bytes \(1\.0 s of audio\) but only 956 are there/,
    );
  });

  it('is cut short when a chunk before the data runs past the end', () => {
    expect(codeOf(() => assertWavComplete(wav.subarray(0, 30)))).toBe('corrupt_audio');
  });

  it('has no audio without a data chunk', () => {
    expect(() => assertWavComplete(wav.subarray(0, 36))).toThrow(/no data chunk/);
  });

  it.each([0, 0xffffffff, 0x7ffff000])(
    'leaves the length open when a streaming writer put %d as the data size',
    (size) => {
      const streamed = new Uint8Array(wav);
      new DataView(streamed.buffer).setUint32(40, size, true);
      expect(codeOf(() => assertWavComplete(streamed))).toBeUndefined();
    },
  );
});

/** An Ogg page (RFC 3533 §6) with the given flags and a body of `length` bytes in one segment. */
function oggPage(flags: number, serial: number, length: number): Uint8Array {
  const page = new Uint8Array(28 + length);
  page.set([0x4f, 0x67, 0x67, 0x53], 0);
  page[5] = flags;
  new DataView(page.buffer).setUint32(14, serial, true);
  page[26] = 1;
  page[27] = length;
  return page;
}
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('an Ogg file', () => {
  const whole = join(oggPage(0x02, 7, 19), oggPage(0x00, 7, 100), oggPage(0x04, 7, 50));

  it('is complete when it is whole pages and its stream ends with an EOS page', () => {
    expect(codeOf(() => assertOggComplete(whole))).toBeUndefined();
  });

  it('is cut short in the middle of a page', () => {
    expect(() => assertOggComplete(whole.subarray(0, whole.length - 10))).toThrow(/cut short in the middle of page 3/);
  });

  it('is cut short in a page header', () => {
    expect(() => assertOggComplete(whole.subarray(0, 47 + 128 + 2))).toThrow(/cut short in the header of page 3/);
  });

  it('is cut short when a stream that began never ends', () => {
    expect(() => assertOggComplete(whole.subarray(0, 47 + 128))).toThrow(/no last page/);
  });

  it('is damaged when bytes between pages are not a page', () => {
    expect(() =>
      assertOggComplete(join(whole.subarray(0, 47), Uint8Array.from([1, 2, 3, 4, 5]), whole.subarray(47))),
    ).toThrow(/not an Ogg page at offset 47/);
  });
});

describe('the length an MP3 declares', () => {
  /** An MPEG-1 Layer III frame at 44.1 kHz, stereo or mono, with an Xing/Info header saying `frames`. */
  function mp3(frames: number, tag: 'Xing' | 'Info', options: { mono?: boolean; id3?: number } = {}): Uint8Array {
    const id3 = options.id3 ?? 0;
    const bytes = new Uint8Array(id3 + 417);
    if (id3) {
      bytes.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, id3 - 10]);
    }
    bytes.set([0xff, 0xfb, 0x90, options.mono ? 0xc4 : 0x44], id3);
    const at = id3 + 4 + (options.mono ? 17 : 32);
    bytes.set(
      [...tag].map((c) => c.charCodeAt(0)),
      at,
    );
    new DataView(bytes.buffer).setUint32(at + 4, 0x0f);
    new DataView(bytes.buffer).setUint32(at + 8, frames);
    return bytes;
  }

  it('comes from the Xing frame count: frames × 1152 samples ÷ 44 100 Hz', () => {
    expect(mp3DeclaredSeconds(mp3(383, 'Xing'))).toBeCloseTo(10.005, 3);
  });

  it('comes from an Info header of a mono file after an ID3v2 tag', () => {
    expect(mp3DeclaredSeconds(mp3(38, 'Info', { mono: true, id3: 40 }))).toBeCloseTo(0.993, 3);
  });

  it('is unknown without such a header', () => {
    const plain = mp3(100, 'Xing');
    plain.set([0, 0, 0, 0], 36);
    expect(mp3DeclaredSeconds(plain)).toBeUndefined();
    expect(mp3DeclaredSeconds(Uint8Array.from([1, 2, 3]))).toBeUndefined();
  });
});

describe('cut short', () => {
  it('means more than a quarter second or 2 % less audio than declared', () => {
    expect(isCutShort(10, 0.2)).toBe(true);
    expect(isCutShort(2.037, 2.0)).toBe(false);
    expect(isCutShort(600, 590)).toBe(false);
    expect(isCutShort(600, 580)).toBe(true);
  });
});
