import { inGroupOrder } from './groupOrder.ts';
import type { IdleAgent, Strategy, StrategyMemory } from './strategy.ts';

/**
 * Round robin (R16): the agent after the one offered last, in the group's order, wrapping to the
 * first. The agent offered last is found by `lastOfferedUserId` while they are in the list; when
 * they are not (busy, in wrap-up, logged out, or removed from the group), by the place they had:
 * the first agent at `lastOfferedPosition` or later continues — that is the next one down whether
 * the agent is merely skipped (their place stays empty) or left the group (the ones below moved up).
 */
export const roundRobin: Strategy = (agents, memory) => {
  const ordered = inGroupOrder(agents);
  const first = ordered[0];
  if (first === undefined) throw new RangeError('a strategy needs at least one idle agent');
  const next = after(ordered, memory) ?? first;
  return {
    ring: [next.userId],
    memory: { ...memory, lastOfferedUserId: next.userId, lastOfferedPosition: next.position },
  };
};

/** The agent following the one offered last, or undefined to wrap to the first. */
function after(ordered: readonly IdleAgent[], memory: StrategyMemory): IdleAgent | undefined {
  const lastIndex = ordered.findIndex((a) => a.userId === memory.lastOfferedUserId);
  if (lastIndex >= 0) return ordered[lastIndex + 1];
  const lastPosition = memory.lastOfferedPosition;
  if (lastPosition == null) return undefined;
  return ordered.find((a) => a.position >= lastPosition);
}
