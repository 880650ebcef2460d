import { describe, expect, it } from 'vitest';
import { roundRobin } from './roundRobin.ts';
import type { IdleAgent, StrategyMemory } from './strategy.ts';
import { fresh, idle, noRandom } from './testAgents.ts';

const group = [idle('a', 0), idle('b', 1), idle('c', 2), idle('d', 3)];

/** Who round robin rings on each of `calls` calls in a row, each call's memory from the one before. */
function offers(agents: readonly IdleAgent[], calls: number, memory: StrategyMemory = fresh): string[] {
  const rung: string[] = [];
  for (let call = 0; call < calls; call++) {
    const pick = roundRobin(agents, memory, noRandom);
    rung.push(...pick.ring);
    memory = pick.memory;
  }
  return rung;
}

describe('roundRobin', () => {
  it('starts at the first agent when it remembers nobody', () => {
    expect(roundRobin(group, fresh, noRandom).ring).toEqual(['a']);
  });

  it('continues after the agent offered last, call after call, wrapping to the first', () => {
    expect(offers(group, 6)).toEqual(['a', 'b', 'c', 'd', 'a', 'b']);
  });

  it('remembers the agent it rings and their place', () => {
    expect(roundRobin(group, { lastOfferedUserId: 'b', lastOfferedPosition: 1 }, noRandom).memory).toEqual({
      lastOfferedUserId: 'c',
      lastOfferedPosition: 2,
    });
  });

  it('passes over an agent who is not idle', () => {
    const withoutC = group.filter((a) => a.userId !== 'c');
    expect(roundRobin(withoutC, { lastOfferedUserId: 'b', lastOfferedPosition: 1 }, noRandom).ring).toEqual(['d']);
  });

  it('continues after the agent offered last when that agent is not idle now', () => {
    const withoutB = group.filter((a) => a.userId !== 'b');
    expect(roundRobin(withoutB, { lastOfferedUserId: 'b', lastOfferedPosition: 1 }, noRandom).ring).toEqual(['c']);
  });

  it('continues with the agent who moved up when the agent offered last left the group', () => {
    const afterBLeft = [idle('a', 0), idle('c', 1), idle('d', 2)];
    expect(roundRobin(afterBLeft, { lastOfferedUserId: 'b', lastOfferedPosition: 1 }, noRandom).ring).toEqual(['c']);
  });

  it('wraps to the first agent when the agent offered last was at the end and is gone', () => {
    expect(
      roundRobin([idle('a', 0), idle('b', 1)], { lastOfferedUserId: 'z', lastOfferedPosition: 5 }, noRandom).ring,
    ).toEqual(['a']);
  });

  it('starts at the first agent when it names an agent not in the list and has no place for them', () => {
    expect(roundRobin(group, { lastOfferedUserId: 'gone' }, noRandom).ring).toEqual(['a']);
  });

  it('moves to the next agent within one offer when the tried ones are left out', () => {
    const first = roundRobin(group, { lastOfferedUserId: 'b', lastOfferedPosition: 1 }, noRandom);
    const tried = new Set(first.ring);
    expect(
      roundRobin(
        group.filter((a) => !tried.has(a.userId)),
        first.memory,
        noRandom,
      ).ring,
    ).toEqual(['d']);
  });

  it('goes by the group order whatever order the agents come in', () => {
    expect(offers([idle('c', 2), idle('a', 0), idle('b', 1)], 4)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('rings the only idle agent again and again', () => {
    expect(offers([idle('a', 0)], 3)).toEqual(['a', 'a', 'a']);
  });
});
