import { outboundVerdict, type AgentReach, type Language, type ResponseGroup } from '@vaxel/domain';
import type { Registration, TrunkRecord, UserRecord } from '@vaxel/store';
import type { FlowCall, FlowCaller } from '../flow/step.ts';
import { quoteDisplayName } from '../legs/callerIdentity.ts';
import { trunkInvite } from '../legs/trunkLeg.ts';
import type { TollAdmission } from '../security/tollGuard.ts';
import { parseSource } from '../registrar/registrar.ts';
import { selectTrunk } from '../routing/selectTrunk.ts';
import type { ForwardedIdentity } from '../routing/forwardedIdentity.ts';
import type { OutgoingInvite } from '../signalling/signallingPort.ts';
import { mobileCallIdentity } from './mobileCallerNumber.ts';

/** An agent to ring, with their registered devices. */
export interface AgentToRing {
  user: UserRecord;
  devices: readonly Registration[];
  /** R74: where the group rings them; their phones when not given. */
  reachOn?: AgentReach;
}

/** A leg to one device of one agent; `userId` says whose phone answered when it does. */
export interface AgentLeg {
  userId: string;
  invite: OutgoingInvite;
  /** `mobile`: the agent's mobile through the trunk, which must press 1 before it is theirs (queue/acceptGate.ts). */
  reach?: 'phone' | 'mobile';
}

/**
 * Where an agent is rung (R74): their phones, their mobile, or both, as `reachOn` says — but an
 * agent without a mobile number is rung on their phones whatever it says (the domain's rule:
 * the number may be set later; the API warned the admin).
 */
export function agentReach(
  reachOn: AgentReach | undefined,
  mobileNumber: string | null,
): { phones: boolean; mobile: boolean } {
  const reach = reachOn ?? 'phone';
  if (reach === 'phone' || !mobileNumber) return { phones: true, mobile: false };
  return { phones: reach === 'phoneAndMobile', mobile: true };
}

/**
 * The From an agent's phone shows for a group call: the caller as they are shown for a direct
 * call (name and extension, or the outside number), with the group's name before the display
 * name, so the agent knows the call came through the group before answering ("Support: Alice").
 */
export function groupCallFromHeader(caller: FlowCaller, groupName: string, host: string): string {
  if (caller.type === 'user') {
    return `${quoteDisplayName(`${groupName}: ${caller.name ?? caller.extension}`)} <sip:${caller.extension}@${host}>`;
  }
  const user = encodeURIComponent(caller.number).replace(/%2B/g, '+');
  return `${quoteDisplayName(`${groupName}: ${caller.name ?? caller.number}`)} <sip:${user}@${host}>`;
}

/**
 * One leg per registered device of every agent rung on their phones, all rung at once; devices
 * whose source cannot be read are left out, and so are agents rung on their mobile only.
 */
export function agentLegs(agents: readonly AgentToRing[], from: string, offer: string, host: string): AgentLeg[] {
  const legs: AgentLeg[] = [];
  for (const { user, devices, reachOn } of agents) {
    if (!agentReach(reachOn, user.mobileNumber).phones) continue;
    for (const device of devices) {
      const target = parseSource(device.source);
      if (!target) continue;
      legs.push({
        userId: user.id,
        reach: 'phone',
        invite: { uri: device.contact, target, from, to: `<sip:${user.extension}@${host}>`, sdp: offer },
      });
    }
  }
  return legs;
}

/**
 * The way to agents' mobiles for one call to a group: the trunk the organisation's outbound calls
 * take (routing/selectTrunk.ts), what the trunk is told (caller + numeric ID, R11,
 * queue/mobileCallerNumber.ts), and the organisation's outbound rules, which a call the switch
 * places itself obeys like any other (R91: a mobile abroad needs calls abroad allowed).
 */
export interface MobileRoute {
  trunk: TrunkRecord;
  identity: ForwardedIdentity;
  /** The organisation's language: what the mobile is told before it accepts (queue/acceptGate.ts). */
  language: Language;
  /** Whether the organisation's outbound rules let the switch call this number. */
  allows(number: string): boolean;
  /** Issue 10: the toll gate's answer for a leg to `number` now (rules, block, limits), for the agent `userId`. */
  admit(number: string, userId: string): Promise<TollAdmission>;
}

/** What finding the mobile route needs of the call (a call without `arrival` came through no diversion). */
export type MobileRouteCall = Pick<FlowCall, 'caller'> &
  Partial<Pick<FlowCall, 'arrival'>> & {
    readonly services: Pick<FlowCall['services'], 'directory' | 'logger' | 'tollGuard'>;
  };

/**
 * The mobile route of a call to `group`, or null (with a warning in the log, once per offer) when
 * the organisation has no trunk for outbound calls: then agents are rung on their phones only.
 */
export async function mobileRoute(
  call: MobileRouteCall,
  group: Pick<ResponseGroup, 'id' | 'organisationId' | 'number' | 'numericId'>,
): Promise<MobileRoute | null> {
  const { directory, logger } = call.services;
  const organisationId = group.organisationId;
  const [organisation, rules, trunks, callerNumber] = await Promise.all([
    directory.organisation(organisationId),
    directory.outboundRules(organisationId),
    directory.trunks(),
    call.caller.type === 'trunk'
      ? Promise.resolve(call.caller.number)
      : directory.callerId(organisationId, call.caller.userId),
  ]);
  const trunk = selectTrunk(trunks, organisationId);
  if (!organisation || !trunk) {
    logger.warn('response group: agents on mobiles cannot be rung without a trunk for outbound calls', {
      organisationId,
      responseGroupId: group.id,
    });
    return null;
  }
  const identity = mobileCallIdentity(
    {
      callerNumber,
      groupNumber: group.number,
      numericId: group.numericId,
      earlierDiversions: call.arrival?.diversions ?? 0,
    },
    trunk.forwardedCallerId,
  );
  // Each number judged once per route (an offer asks for every agent twice: reachable, then legs).
  const verdicts = new Map<string, boolean>();
  return {
    trunk,
    identity,
    language: organisation.language,
    allows(number) {
      const known = verdicts.get(number);
      if (known !== undefined) return known;
      const verdict = outboundVerdict(number, rules, organisation.country);
      if (!verdict.allowed)
        logger.warn('response group: an agent’s mobile is refused by the organisation’s outbound rules', {
          organisationId,
          responseGroupId: group.id,
          reason: verdict.reason,
        });
      verdicts.set(number, verdict.allowed);
      return verdict.allowed;
    },
    admit: (number, userId) =>
      call.services.tollGuard.admit({
        organisationId,
        country: organisation.country,
        rules,
        number,
        user: userId,
        source: null,
      }),
  };
}

/**
 * One leg to the mobile of every agent rung there (R74) who has a mobile number the outbound
 * rules allow, through the route's trunk. A number of the organisation's own is fine here: an
 * agent's mobile is their handset at the carrier, which rings it.
 */
export function mobileLegs(
  agents: readonly AgentToRing[],
  route: MobileRoute,
  offer: string,
  host: string,
): AgentLeg[] {
  const legs: AgentLeg[] = [];
  for (const { user, reachOn } of agents) {
    if (!user.mobileNumber || !agentReach(reachOn, user.mobileNumber).mobile || !route.allows(user.mobileNumber))
      continue;
    legs.push({
      userId: user.id,
      reach: 'mobile',
      invite: trunkInvite(route.trunk, user.mobileNumber, route.identity, host, offer),
    });
  }
  return legs;
}

/**
 * Whether the switch may call `number` for the organisation now: it has a trunk for outbound
 * calls and its outbound rules allow the number (R91). Quiet: asked whenever the queue looks for
 * agents; the offer's {@link mobileRoute} logs why a mobile is left out.
 */
export async function mobileCallable(
  directory: Pick<FlowCall['services']['directory'], 'organisation' | 'trunks' | 'outboundRules'>,
  organisationId: string,
  number: string,
): Promise<boolean> {
  const [organisation, rules, trunks] = await Promise.all([
    directory.organisation(organisationId),
    directory.outboundRules(organisationId),
    directory.trunks(),
  ]);
  return (
    organisation !== null &&
    selectTrunk(trunks, organisationId) !== null &&
    outboundVerdict(number, rules, organisation.country).allowed
  );
}

/**
 * How many ways an agent can be reached now (R16 "reachable"): their registered devices when
 * rung on phones, plus one for a mobile rung through a route. What `agentsToRing` counts as an
 * agent's devices, so an agent on a mobile only is not skipped for having no registered phone.
 */
export function reachableTargets(agent: AgentToRing, route: Pick<MobileRoute, 'allows'> | null): number {
  const reach = agentReach(agent.reachOn, agent.user.mobileNumber);
  const phones = reach.phones ? agent.devices.length : 0;
  const mobile = reach.mobile && route !== null && route.allows(agent.user.mobileNumber!) ? 1 : 0;
  return phones + mobile;
}
