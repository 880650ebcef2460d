import { firstBest } from './groupOrder.ts';
import type { Strategy } from './strategy.ts';

/** Fewest calls (R16): the agent who answered the fewest of the group's calls today; ties by the group's order. */
export const fewestCalls: Strategy = (agents, memory) => ({
  ring: [firstBest(agents, (a, best) => a.answeredToday < best.answeredToday).userId],
  memory,
});
