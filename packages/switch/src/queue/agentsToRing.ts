import type { DistributionSettings } from '@vaxel/domain';

/** What the switch knows of one of a group's agents when it offers a call (R16). */
export interface AgentCandidate {
  userId: string;
  /** Logged in to the group (agents log in and out, R16). */
  loggedIn: boolean;
  /** On a call already (presence). */
  busy: boolean;
  /** Registered devices right now. */
  devices: number;
}

export interface AgentsToRing {
  /** Agents who could take the call at all: not skipped as logged out, with a registered device. */
  reachable: string[];
  /** Those of them to ring now: the reachable, less the busy when busy agents are skipped. */
  ring: string[];
}

/**
 * Which of a group's agents a waiting call is offered to now (R16). Every strategy rings all of
 * them at once for now — serial, round robin, longest idle, fewest calls and random are issue 9's,
 * each a pure function beside this one. A group with agents `reachable` but none to `ring` (all
 * busy) keeps its caller waiting; one with nobody reachable sends the caller on.
 */
export function agentsToRing(distribution: Pick<DistributionSettings, 'skipBusyAgents' | 'skipLoggedOutAgents'>, agents: readonly AgentCandidate[]): AgentsToRing {
  const reachable = agents.filter((a) => a.devices > 0 && (a.loggedIn || !distribution.skipLoggedOutAgents));
  const ring = reachable.filter((a) => !(a.busy && distribution.skipBusyAgents));
  return { reachable: reachable.map((a) => a.userId), ring: ring.map((a) => a.userId) };
}
