import type { ResponseGroup } from '@vaxel/domain';
import type { FlowCall } from '../flow/step.ts';
import { acceptCallee, type Connection } from '../legs/answerLeg.ts';
import { ringLegs, type RingProgress } from '../legs/ringLegs.ts';
import { agentLegs, groupCallFromHeader, type AgentToRing } from './agentLegs.ts';
import type { UserRecord } from '@vaxel/store';

/** What offering a caller to agents needs of the call. */
export type OfferCall = Pick<FlowCall, 'caller' | 'media' | 'log' | 'services'>;

export type OfferEnd =
  /** `connection.release` ends the agent's call: their presence mark, then the group's wrap-up. */
  | { kind: 'connected'; user: UserRecord; connection: Connection }
  | { kind: 'unanswered' };

/** The music plays instead: an agent's ringing or early media is not relayed to the waiting caller. */
const holdProgress: RingProgress = { ringing() {}, earlyMedia: () => false };

/**
 * THE way a queued caller is offered to agents (R16): one leg per place to ring of every agent
 * picked (queue/agentLegs.ts), rung together for `ringMs` or until `abort` (the caller left the
 * queue); the first to answer is taken (ringLegs CANCELs the others), marked on a call while it
 * lasts and, when it ends, put in the group's wrap-up; the call log gets an `agentOffered` step
 * the first time each agent's phone rings for this call (the waiting caller adds the `user` step
 * for the one who answers, once it takes the answer).
 */
export async function offerToAgents(call: OfferCall, group: ResponseGroup, agents: readonly AgentToRing[], ringMs: number, abort: AbortSignal, offered: Set<string>): Promise<OfferEnd> {
  const { advertisedAddress, presence, clock, queues } = call.services;
  const legs = agentLegs(agents, groupCallFromHeader(call.caller, group.name, advertisedAddress), call.media.offerToCallee(), advertisedAddress);
  for (const { user } of agents) {
    if (offered.has(user.id) || !legs.some((l) => l.userId === user.id)) continue;
    offered.add(user.id);
    call.log.path({ type: 'agentOffered', id: user.id, name: user.name });
  }
  const result = await ringLegs({ abort, services: call.services }, legs.map((l) => l.invite), ringMs / 1000, holdProgress);
  if (result.kind !== 'answered') return { kind: 'unanswered' };
  const agent = agents.find((a) => a.user.id === legs[result.leg]!.userId)!;
  // An answer with unusable SDP was ended with BYE; the caller keeps waiting for another agent.
  const connection = acceptCallee(call, result.response, result.dialog, agent.user.id);
  if (!connection) return { kind: 'unanswered' };
  const leaveCall = presence.occupy(agent.user.id);
  const answeredAt = clock.now();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Wrap-up first, so the moment the agent is off the call they are not idle for any group.
    queues.callHandled(group, agent.user.id, (clock.now() - answeredAt) / 1000);
    leaveCall();
  };
  return { kind: 'connected', user: agent.user, connection: { ...connection, release } };
}
