import type { IdleAgent } from './strategy.ts';

/**
 * The agents in the group's order (by `position`), as a copy. The queue hands them over in that
 * order already; sorting here keeps each strategy's ties right whatever order it is given.
 */
export function inGroupOrder(agents: readonly IdleAgent[]): IdleAgent[] {
  return [...agents].sort((a, b) => a.position - b.position);
}

/** The first agent that `better` prefers, earlier in the group's order winning a tie. */
export function firstBest(agents: readonly IdleAgent[], better: (a: IdleAgent, b: IdleAgent) => boolean): IdleAgent {
  const ordered = inGroupOrder(agents);
  let best = ordered[0];
  if (best === undefined) throw new RangeError('a strategy needs at least one idle agent');
  for (const agent of ordered.slice(1)) if (better(agent, best)) best = agent;
  return best;
}
