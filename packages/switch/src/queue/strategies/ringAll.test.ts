import { describe, expect, it } from 'vitest';
import { ringAll } from './ringAll.ts';
import { fresh, idle, noRandom } from './testAgents.ts';

describe('ringAll', () => {
  it('rings every idle agent at once, in the group order', () => {
    expect(ringAll([idle('b', 1), idle('a', 0), idle('c', 2)], fresh, noRandom).ring).toEqual(['a', 'b', 'c']);
  });

  it('rings the only idle agent when there is one', () => {
    expect(ringAll([idle('a', 3)], fresh, noRandom).ring).toEqual(['a']);
  });

  it('keeps the memory as it was', () => {
    const memory = { lastOfferedUserId: 'x', lastOfferedPosition: 4 };
    expect(ringAll([idle('a', 0)], memory, noRandom).memory).toEqual(memory);
  });
});
