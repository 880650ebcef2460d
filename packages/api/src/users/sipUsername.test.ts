import { describe, expect, it } from 'vitest';
import { randomSipUsername } from './sipUsername.ts';

describe('generated SIP usernames', () => {
  it('are ten characters of a-z and 0-9, and differ each time', () => {
    const names = Array.from({ length: 200 }, randomSipUsername);
    expect(names.every((n) => /^[a-z0-9]{10}$/.test(n))).toBe(true);
    expect(new Set(names).size).toBe(200);
  });
});
