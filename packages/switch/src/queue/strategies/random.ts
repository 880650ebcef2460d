import { inGroupOrder } from './groupOrder.ts';
import type { Strategy } from './strategy.ts';

/**
 * Random (R16): each idle agent equally likely, drawn from the given source (`Math.random` in
 * production, a fixed sequence in tests). A source returning 1 (outside its contract) still
 * picks the last agent rather than nobody.
 */
export const random: Strategy = (agents, memory, source) => {
  const ordered = inGroupOrder(agents);
  if (ordered.length === 0) throw new RangeError('a strategy needs at least one idle agent');
  const index = Math.min(ordered.length - 1, Math.floor(source() * ordered.length));
  return { ring: [ordered[index]!.userId], memory };
};
