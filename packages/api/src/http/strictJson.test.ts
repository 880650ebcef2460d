import { describe, expect, it } from 'vitest';
import { invalidUtf8Offset } from './strictJson.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('the first byte that is not UTF-8 (RFC 3629)', () => {
  it('is -1 for well-formed text of one to four bytes per character', () => {
    expect(invalidUtf8Offset(Buffer.from('Växel 🎧 ok'))).toBe(-1);
    expect(invalidUtf8Offset(bytes())).toBe(-1);
  });

  it.each([
    ['a Latin-1 byte', bytes(0x53, 0xe4, 0x6c), 1],
    ['a lone continuation byte', bytes(0x61, 0x80), 1],
    ['an overlong two-byte form of "/"', bytes(0xc0, 0xaf), 0],
    ['an overlong three-byte form', bytes(0xe0, 0x80, 0xaf), 0],
    ['an encoded surrogate (CESU-8)', bytes(0xed, 0xa0, 0x80), 0],
    ['a code point above U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a lead byte that never starts a character', bytes(0x61, 0x62, 0xf8, 0x80), 2],
    ['a sequence cut off at the end', bytes(0x61, 0xf0, 0x9f, 0x8e), 1],
    ['a sequence interrupted by ASCII', bytes(0xe2, 0x82, 0x41), 0],
  ])('is found in %s', (_label, input, offset) => {
    expect(invalidUtf8Offset(input)).toBe(offset);
  });
});
