import { firstBest } from './groupOrder.ts';
import type { IdleAgent, Strategy } from './strategy.ts';

/** How long ago, comparably: an agent who has had no call since start-up has been idle longest. */
const endedAt = (agent: IdleAgent): number => agent.lastCallEndedAt ?? Number.NEGATIVE_INFINITY;

/** Longest idle (R16): the agent whose last call (any call) ended longest ago; ties by the group's order. */
export const longestIdle: Strategy = (agents, memory) => ({
  ring: [firstBest(agents, (a, best) => endedAt(a) < endedAt(best)).userId],
  memory,
});
