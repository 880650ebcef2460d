import { describe, expect, it } from 'vitest';
import { decodeG711, encodeG711, g711CodecForPayloadType, g711Silence, transcodeG711 } from './g711.ts';

function sine(samples: number, amplitude = 8000): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return out;
}

describe('G.711', () => {
  it('encodes and decodes PCMU and PCMA within companding error', () => {
    const pcm = sine(160);
    for (const codec of ['PCMU', 'PCMA'] as const) {
      const decoded = decodeG711(codec, encodeG711(codec, pcm));
      expect(decoded).toHaveLength(160);
      for (let i = 0; i < pcm.length; i++) expect(Math.abs(decoded[i]! - pcm[i]!)).toBeLessThanOrEqual(300);
    }
  });

  it('transcodes PCMU to PCMA to the same bytes as encoding the decoded audio', () => {
    const mulaw = encodeG711('PCMU', sine(160));
    const alaw = transcodeG711('PCMU', 'PCMA', mulaw);
    expect([...alaw]).toEqual([...encodeG711('PCMA', decodeG711('PCMU', mulaw))]);
  });

  it('transcodes in place when given the source as target', () => {
    const alaw = encodeG711('PCMA', sine(80));
    const expected = transcodeG711('PCMA', 'PCMU', alaw);
    const result = transcodeG711('PCMA', 'PCMU', alaw, alaw);
    expect(result).toBe(alaw);
    expect([...alaw]).toEqual([...expected]);
  });

  it('knows the static payload types and silence bytes', () => {
    expect(g711CodecForPayloadType(0)).toBe('PCMU');
    expect(g711CodecForPayloadType(8)).toBe('PCMA');
    expect(g711CodecForPayloadType(101)).toBeUndefined();
    expect(g711Silence('PCMU')).toBe(0xff);
    expect(g711Silence('PCMA')).toBe(0xd5);
  });
});
