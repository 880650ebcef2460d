import { describe, expect, it } from 'vitest';
import { randomHex } from './random-hex.ts';

describe('randomHex', () => {
  it('gives two lower-case hex digits per byte asked for', () => {
    for (const bytes of [1, 8, 12, 16]) expect(randomHex(bytes)).toMatch(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
  });

  it('never repeats itself over many pools’ worth of tokens', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(randomHex(8)); // 40,000 bytes: ten refills
    expect(seen.size).toBe(5000);
  });

  it('serves a request larger than its pool', () => {
    expect(randomHex(5000)).toHaveLength(10_000);
  });

  it('uses every hex digit', () => {
    expect(new Set(randomHex(256)).size).toBe(16);
  });
});
