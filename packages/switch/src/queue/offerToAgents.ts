import type { ResponseGroup } from '@vaxel/domain';
import type { FlowCall } from '../flow/step.ts';
import { acceptCallee, type Connection } from '../legs/answerLeg.ts';
import { ringLegs, type RingProgress } from '../legs/ringLegs.ts';
import { mobileAnswerGate } from './acceptGate.ts';
import type { TollLeg } from '../security/tollGuard.ts';
import {
  agentLegs,
  agentReach,
  groupCallFromHeader,
  mobileLegs,
  mobileRoute,
  type AgentLeg,
  type AgentToRing,
  type MobileRoute,
} from './agentLegs.ts';
import type { UserRecord } from '@vaxel/store';

/** What offering a caller to agents needs of the call. */
export type OfferCall = Pick<FlowCall, 'caller' | 'media' | 'log' | 'services'> & Partial<Pick<FlowCall, 'arrival'>>;

export type OfferEnd =
  /** `connection.release` ends the agent's call: their presence mark, then the group's wrap-up. */
  { kind: 'connected'; user: UserRecord; connection: Connection } | { kind: 'unanswered' };

/** The music plays instead: an agent's ringing or early media is not relayed to the waiting caller. */
const holdProgress: RingProgress = { ringing() {}, earlyMedia: () => false };

/**
 * THE way a queued caller is offered to agents (R16): one leg per place to ring of every agent
 * picked (queue/agentLegs.ts: phones, and mobiles through the trunk behind the press-1 gate), rung together for `ringMs` or until `abort` (the caller left the
 * queue); the first to answer is taken (ringLegs CANCELs the others), marked on a call while it
 * lasts and, when it ends, put in the group's wrap-up; the call log gets an `agentOffered` step
 * the first time each agent's phone rings for this call (the waiting caller adds the `user` step
 * for the one who answers, once it takes the answer).
 */
export async function offerToAgents(
  call: OfferCall,
  group: ResponseGroup,
  agents: readonly AgentToRing[],
  ringMs: number,
  abort: AbortSignal,
  offered: Set<string>,
): Promise<OfferEnd> {
  const { advertisedAddress, presence, clock, queues } = call.services;
  const sdp = call.media.offerToCallee();
  // R74: agents on their mobiles are called through the trunk (queue/agentLegs.ts), with R11's numeric ID.
  const route = agents.some((a) => agentReach(a.reachOn, a.user.mobileNumber).mobile)
    ? await mobileRoute(call, group)
    : null;
  const tolls = new Map<AgentLeg, TollLeg>();
  const mobiles = route
    ? await admittedMobileLegs(route, agents, mobileLegs(agents, route, sdp, advertisedAddress), tolls)
    : [];
  const legs = [
    ...agentLegs(agents, groupCallFromHeader(call.caller, group.name, advertisedAddress), sdp, advertisedAddress),
    ...mobiles,
  ];
  // Every admitted mobile leg is counted until it ends: at once when it did not answer, with the call when it did.
  const endTolls = (except: AgentLeg | null) => tolls.forEach((toll, leg) => leg !== except && toll.ended());
  for (const { user } of agents) {
    if (offered.has(user.id) || !legs.some((l) => l.userId === user.id)) continue;
    offered.add(user.id);
    call.log.path({ type: 'agentOffered', id: user.id, name: user.name });
  }
  // A mobile that answers is the agent's only once they press 1 (queue/acceptGate.ts); the other legs ring on meanwhile.
  const gate = route
    ? mobileAnswerGate(call, legs, { organisationId: group.organisationId, name: group.name, language: route.language })
    : undefined;
  let result;
  try {
    result = await ringLegs(
      { abort, services: call.services },
      legs.map((l) => l.invite),
      ringMs / 1000,
      holdProgress,
      gate ? { gate } : {},
    );
  } catch (error) {
    endTolls(null);
    throw error;
  }
  if (result.kind !== 'answered') {
    endTolls(null);
    return { kind: 'unanswered' };
  }
  const answeredLeg = legs[result.leg]!;
  const agent = agents.find((a) => a.user.id === answeredLeg.userId)!;
  // An answer with unusable SDP was ended with BYE; the caller keeps waiting for another agent.
  const connection = acceptCallee(call, result.response, result.dialog, agent.user.id);
  if (!connection) {
    endTolls(null);
    return { kind: 'unanswered' };
  }
  endTolls(answeredLeg);
  const toll = tolls.get(answeredLeg);
  toll?.answered();
  const leaveCall = presence.occupy(agent.user.id);
  const answeredAt = clock.now();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Wrap-up first, so the moment the agent is off the call they are not idle for any group.
    queues.callHandled(group, agent.user.id, (clock.now() - answeredAt) / 1000);
    leaveCall();
    toll?.ended();
  };
  return { kind: 'connected', user: agent.user, connection: { ...connection, release } };
}

/**
 * Issue 10: a leg to an agent's mobile is a call through the trunk like any other and passes the
 * toll gate (its limits: the per-number rules were applied already by `route.allows`). A refused
 * one is not rung; the agent's phones still are. The admitted legs' tolls go into `tolls`.
 */
async function admittedMobileLegs(
  route: MobileRoute,
  agents: readonly AgentToRing[],
  legs: AgentLeg[],
  tolls: Map<AgentLeg, TollLeg>,
): Promise<AgentLeg[]> {
  const admitted: AgentLeg[] = [];
  // One by one: each admission counts before the next is judged.
  for (const leg of legs) {
    const number = agents.find((a) => a.user.id === leg.userId)?.user.mobileNumber;
    if (!number) continue;
    const admission = await route.admit(number, leg.userId);
    if (!admission.allowed) continue;
    tolls.set(leg, admission.leg);
    admitted.push(leg);
  }
  return admitted;
}
