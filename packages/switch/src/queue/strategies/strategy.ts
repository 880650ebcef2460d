import type { DistributionStrategy } from '@vaxel/domain';

/**
 * What a distribution strategy knows of one agent who could be offered a call right now (R16):
 * logged in (or not skipped), with somewhere to ring, and not busy, ringing elsewhere or in
 * wrap-up (the queue leaves those out before a strategy sees the list). Agents come in the
 * group's order (the order the admin listed them).
 */
export interface IdleAgent {
  userId: string;
  /** The agent's place in the group's list (0 first). */
  position: number;
  /** When the agent's last call (any call) ended, ms since the epoch; null: none since start-up. */
  lastCallEndedAt: number | null;
  /** Queue calls of this group the agent answered today (organisation's time zone). */
  answeredToday: number;
}

/** What a strategy remembers of the group between calls (kept by the switch per group, across settings reloads). */
export interface StrategyMemory {
  /** Round robin: the `userId` of the agent offered last; the next offer starts after them in the group's order. */
  lastOfferedUserId: string | null;
  /**
   * Round robin: that agent's `position` when offered, so the next offer still continues after
   * them when they are no longer in the list (busy, in wrap-up, logged out, or removed from the group).
   * Absent (or null) in a memory that has none: the next offer starts at the first agent.
   */
  lastOfferedPosition?: number | null;
}

/**
 * One offer: which agents ring together now. `ringAll` rings every idle agent at once; every other
 * strategy rings one agent, and the queue moves on to the next pick when the ring time passes
 * (calling the strategy again with the agents already tried this round left out).
 */
export interface StrategyPick {
  ring: string[];
  /** What to remember for the next pick. */
  memory: StrategyMemory;
}

/**
 * A pure function from the idle agents (never empty) to whom to ring. `random` is given its
 * random source so tests can fix it.
 */
export type Strategy = (agents: readonly IdleAgent[], memory: StrategyMemory, random: () => number) => StrategyPick;

export type Strategies = { readonly [S in DistributionStrategy]: Strategy };
