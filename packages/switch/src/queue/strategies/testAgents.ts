import type { IdleAgent, StrategyMemory } from './strategy.ts';

/** An idle agent for the strategies' unit tests: at `position`, no call yet, none answered today. */
export const idle = (userId: string, position: number, facts: Partial<IdleAgent> = {}): IdleAgent => ({
  userId,
  position,
  lastCallEndedAt: null,
  answeredToday: 0,
  ...facts,
});

/** A group's first call: nothing remembered. */
export const fresh: StrategyMemory = { lastOfferedUserId: null };

/** A random source that must not be used. */
export const noRandom = (): number => {
  throw new Error('this strategy does not draw at random');
};
