import type { Strategies, Strategy } from './strategy.ts';

/**
 * The distribution strategies by name (R16), as the queue's dispatcher looks them up:
 * `strategies[group.settings.distribution.strategy]`.
 *
 * Interim table of the queue core: `ringAll`, and every one-at-a-time strategy as "the first idle
 * agent in the group's order" (serial's rule). The strategies branch replaces this file with one
 * pure function per strategy (strategies/*.ts), keeping the table's shape.
 */
const ringAll: Strategy = (agents, memory) => ({ ring: agents.map((a) => a.userId), memory });

const firstIdle: Strategy = (agents, memory) => {
  const first = [...agents].sort((a, b) => a.position - b.position)[0]!;
  return { ring: [first.userId], memory: { ...memory, lastOfferedUserId: first.userId } };
};

export const strategies: Strategies = {
  ringAll,
  serial: firstIdle,
  roundRobin: firstIdle,
  longestIdle: firstIdle,
  fewestCalls: firstIdle,
  random: firstIdle,
};
