import { describe, expect, it } from 'vitest';
import { longestIdle } from './longestIdle.ts';
import { fresh, idle, noRandom } from './testAgents.ts';

describe('longestIdle', () => {
  it('rings the agent whose last call ended longest ago', () => {
    const agents = [
      idle('a', 0, { lastCallEndedAt: 3_000 }),
      idle('b', 1, { lastCallEndedAt: 1_000 }),
      idle('c', 2, { lastCallEndedAt: 2_000 }),
    ];
    expect(longestIdle(agents, fresh, noRandom).ring).toEqual(['b']);
  });

  it('counts an agent who has had no call as idle longest', () => {
    const agents = [idle('a', 0, { lastCallEndedAt: 1 }), idle('b', 1, { lastCallEndedAt: null })];
    expect(longestIdle(agents, fresh, noRandom).ring).toEqual(['b']);
  });

  it('breaks a tie by the group order', () => {
    const agents = [
      idle('c', 2, { lastCallEndedAt: 1_000 }),
      idle('b', 1, { lastCallEndedAt: 1_000 }),
      idle('a', 0, { lastCallEndedAt: 5_000 }),
    ];
    expect(longestIdle(agents, fresh, noRandom).ring).toEqual(['b']);
  });

  it('breaks a tie between agents who have had no call by the group order', () => {
    expect(longestIdle([idle('b', 1), idle('a', 0)], fresh, noRandom).ring).toEqual(['a']);
  });

  it('keeps the memory as it was', () => {
    expect(longestIdle([idle('a', 0)], fresh, noRandom).memory).toEqual(fresh);
  });
});
