import { firstBest } from './groupOrder.ts';
import type { Strategy } from './strategy.ts';

/**
 * In order (R16): always from the first agent in the group's list. Within one offer the queue
 * leaves out the agents already tried, so the next pick is the next agent down the list.
 */
export const serial: Strategy = (agents, memory) => ({ ring: [firstBest(agents, () => false).userId], memory });
