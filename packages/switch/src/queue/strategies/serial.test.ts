import { describe, expect, it } from 'vitest';
import { serial } from './serial.ts';
import { fresh, idle, noRandom } from './testAgents.ts';

describe('serial', () => {
  it('rings the first agent of the group order', () => {
    expect(serial([idle('a', 0), idle('b', 1), idle('c', 2)], fresh, noRandom).ring).toEqual(['a']);
  });

  it('starts from the first agent on every call, whoever was offered before', () => {
    const memory = { lastOfferedUserId: 'a', lastOfferedPosition: 0 };
    expect(serial([idle('a', 0), idle('b', 1)], memory, noRandom).ring).toEqual(['a']);
  });

  it('rings the next agent down when those before are not in the list (tried, busy or logged out)', () => {
    expect(serial([idle('c', 2), idle('b', 1)], fresh, noRandom).ring).toEqual(['b']);
  });

  it('goes by the group order, not by who was idle longest or answered fewest', () => {
    expect(
      serial([idle('a', 0, { lastCallEndedAt: 9_000, answeredToday: 7 }), idle('b', 1)], fresh, noRandom).ring,
    ).toEqual(['a']);
  });

  it('keeps the memory as it was', () => {
    expect(serial([idle('a', 0)], fresh, noRandom).memory).toEqual(fresh);
  });

  it('refuses an empty list of agents', () => {
    expect(() => serial([], fresh, noRandom)).toThrow(RangeError);
  });
});
