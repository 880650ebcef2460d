import { DistributionStrategy } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { strategies } from './index.ts';
import { fresh, idle } from './testAgents.ts';

describe('strategies', () => {
  it('has a strategy for every distribution strategy of the settings', () => {
    expect(Object.keys(strategies).sort()).toEqual([...DistributionStrategy.options].sort());
  });

  it('rings only agents it was given, for every strategy', () => {
    const agents = [idle('a', 0), idle('b', 1)];
    for (const name of DistributionStrategy.options) {
      const { ring } = strategies[name](agents, fresh, () => 0.7);
      expect(
        ring.every((id) => id === 'a' || id === 'b'),
        name,
      ).toBe(true);
    }
  });
});
