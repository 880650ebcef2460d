import { inGroupOrder } from './groupOrder.ts';
import type { Strategy } from './strategy.ts';

/** Ring all at once (R16): every idle agent rings together; the first to answer takes the call. */
export const ringAll: Strategy = (agents, memory) => ({ ring: inGroupOrder(agents).map((a) => a.userId), memory });
