import { describe, expect, it } from 'vitest';
import { fewestCalls } from './fewestCalls.ts';
import { fresh, idle, noRandom } from './testAgents.ts';

describe('fewestCalls', () => {
  it('rings the agent who answered the fewest calls today', () => {
    const agents = [
      idle('a', 0, { answeredToday: 4 }),
      idle('b', 1, { answeredToday: 2 }),
      idle('c', 2, { answeredToday: 3 }),
    ];
    expect(fewestCalls(agents, fresh, noRandom).ring).toEqual(['b']);
  });

  it('breaks a tie by the group order', () => {
    const agents = [
      idle('c', 2, { answeredToday: 1 }),
      idle('a', 0, { answeredToday: 5 }),
      idle('b', 1, { answeredToday: 1 }),
    ];
    expect(fewestCalls(agents, fresh, noRandom).ring).toEqual(['b']);
  });

  it('goes by calls answered, not by how long an agent has been idle', () => {
    const agents = [
      idle('a', 0, { answeredToday: 2, lastCallEndedAt: null }),
      idle('b', 1, { answeredToday: 1, lastCallEndedAt: 9_000 }),
    ];
    expect(fewestCalls(agents, fresh, noRandom).ring).toEqual(['b']);
  });

  it('keeps the memory as it was', () => {
    expect(fewestCalls([idle('a', 0)], fresh, noRandom).memory).toEqual(fresh);
  });
});
