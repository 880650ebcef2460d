import type { ResponseGroup } from '@vaxel/domain';
import type { FlowCall } from '../flow/step.ts';
import { acceptCallee, type Connection } from '../legs/answerLeg.ts';
import { ringLegs, type RingProgress } from '../legs/ringLegs.ts';
import { sleep } from '../kernel/clock.ts';
import { mobileAnswerGate } from './acceptGate.ts';
import { agentLegs, agentReach, groupCallFromHeader, mobileLegs, mobileRoute, reachableTargets, type AgentToRing, type MobileRoute } from './agentLegs.ts';
import { agentsToRing } from './agentsToRing.ts';

/** The pause between one offer to the agents and the next (their phones settle after the CANCEL). */
export const REOFFER_PAUSE_MS = 2000;

/** What waiting for an agent needs of the call. */
export type WaitingCall = Pick<FlowCall, 'organisationId' | 'caller' | 'arrival' | 'media' | 'abort' | 'log' | 'services'>;

/**
 * Starts what the caller hears while waiting, once, before the first agent's phone rings: answers
 * the caller if need be and starts the music on hold. False when the caller could not be answered.
 */
export type HoldStart = () => Promise<boolean>;

export type WaitEnd =
  | { kind: 'connected'; connection: Connection }
  /** No agent could take the call: none logged in (or not skipped) with a registered device. */
  | { kind: 'nobodyReachable' }
  /** `queue.maxWaitSeconds` passed without an agent answering. */
  | { kind: 'timedOut' }
  | { kind: 'notAnswered' }
  | { kind: 'aborted' };

/**
 * A caller waits in a response group until an agent answers (R14, R16; the basic flow issue 9
 * grows into the full queue). Each offer rings the agents `agentsToRing` picks, on every
 * registered device at once, for `ringSecondsPerAgent`; the first to answer is taken (the other
 * legs are CANCELled by `ringLegs`) and marked busy while the call lasts. Without an answer the
 * offer is made again after {@link REOFFER_PAUSE_MS}, with the group read afresh (through the
 * settings cache, which a login or logout through the API empties) and the devices read from the
 * store, so an agent who logged in or registered meanwhile is rung. An offer lasts its ring time
 * even when every phone declined at once, so nobody who declined is rung again straight away;
 * while every reachable agent is busy the group is looked at again after each pause. The wait
 * ends at `queue.maxWaitSeconds`, or at once when no agent is reachable at all. Every timer runs
 * on the call's clock.
 */
export async function waitForAgent(call: WaitingCall, first: ResponseGroup, hold: HoldStart): Promise<WaitEnd> {
  const { directory, clock } = call.services;
  const deadline = clock.now() + first.settings.queue.maxWaitSeconds * 1000;
  let group = first;
  let holding = false;
  for (;;) {
    if (call.abort.aborted) return { kind: 'aborted' };
    const agents = await agentsOf(call, group);
    const route = agents.some((a) => agentReach(a.reachOn, a.user.mobileNumber).mobile) ? await mobileRoute(call, group) : null;
    const choice = agentsToRing(group.settings.distribution, agents.map((a) => ({ userId: a.user.id, loggedIn: a.loggedIn, devices: reachableTargets(a, route), busy: call.services.presence.isBusy(a.user.id) })));
    if (call.abort.aborted) return { kind: 'aborted' };
    if (choice.reachable.length === 0) return { kind: 'nobodyReachable' };
    const remainingMs = deadline - clock.now();
    if (remainingMs <= 0) return { kind: 'timedOut' };
    if (!holding) {
      if (!(await hold())) return { kind: 'notAnswered' };
      holding = true;
    }

    const roundMs = Math.min(group.settings.distribution.ringSecondsPerAgent * 1000, remainingMs);
    const roundEnds = clock.now() + roundMs;
    const ring = agents.filter((a) => choice.ring.includes(a.user.id));
    if (ring.length > 0) {
      const offer = await offerToAgents(call, group, ring, roundMs, route);
      if (offer.kind !== 'unanswered') return offer;
    }
    const pauseUntil = Math.min((ring.length > 0 ? roundEnds : clock.now()) + REOFFER_PAUSE_MS, deadline);
    const pauseMs = pauseUntil - clock.now();
    if (pauseMs > 0 && !(await sleep(clock, pauseMs, call.abort))) return { kind: 'aborted' };
    group = (await directory.responseGroup(call.organisationId, group.id)) ?? group;
  }
}

/** The music plays instead: an agent's ringing or early media is not relayed to the waiting caller. */
const holdProgress: RingProgress = { ringing() {}, earlyMedia: () => false };

async function offerToAgents(call: WaitingCall, group: ResponseGroup, agents: readonly AgentToRing[], ringMs: number, route: MobileRoute | null): Promise<WaitEnd | { kind: 'unanswered' }> {
  const { advertisedAddress, presence } = call.services;
  const offer = call.media.offerToCallee();
  const legs = [...agentLegs(agents, groupCallFromHeader(call.caller, group.name, advertisedAddress), offer, advertisedAddress), ...(route ? mobileLegs(agents, route, offer, advertisedAddress) : [])];
  // A mobile that answers is the agent's only once they press 1 (queue/acceptGate.ts); phones ring on meanwhile.
  const gate = route ? mobileAnswerGate(call, legs, { organisationId: group.organisationId, name: group.name, language: route.language }) : undefined;
  const result = await ringLegs(call, legs.map((l) => l.invite), ringMs / 1000, holdProgress, gate ? { gate } : {});
  if (result.kind === 'aborted') return { kind: 'aborted' };
  if (result.kind !== 'answered') return { kind: 'unanswered' };
  const agent = agents.find((a) => a.user.id === legs[result.leg]!.userId)!;
  // An answer with unusable SDP was ended with BYE; the caller keeps waiting for another agent.
  const connection = acceptCallee(call, result.response, result.dialog, agent.user.id);
  if (!connection) return { kind: 'unanswered' };
  call.log.path({ type: 'user', id: agent.user.id, name: agent.user.name });
  return { kind: 'connected', connection: { ...connection, release: presence.occupy(agent.user.id) } };
}

/**
 * The group's agents with their registered devices (not the caller: an agent calling their own
 * group is not rung). Agents who are logged out and skipped are not looked up.
 */
async function agentsOf(call: WaitingCall, group: ResponseGroup): Promise<Array<AgentToRing & { loggedIn: boolean }>> {
  const { directory, clock } = call.services;
  const now = new Date(clock.now());
  const callerId = call.caller.type === 'user' ? call.caller.userId : null;
  const skipLoggedOut = group.settings.distribution.skipLoggedOutAgents;
  const found = await Promise.all(
    group.agents
      .filter((agent) => agent.userId !== callerId && (agent.loggedIn || !skipLoggedOut))
      .map(async ({ userId, loggedIn, reachOn }) => {
        const [user, devices] = await Promise.all([directory.user(call.organisationId, userId), directory.devices(call.organisationId, userId, now)]);
        return user ? { user, devices, loggedIn, reachOn } : null;
      }),
  );
  return found.filter((agent) => agent !== null);
}
