import type { Agent } from '@vaxel/domain';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import { agentReach, mobileCallable, type AgentToRing } from './agentLegs.ts';

/**
 * THE rule for whether an agent has a place to ring right now (R16, R74): where the group rings
 * them (`reachOn`) — their registered SIP phones, their mobile through the trunk, or both. A
 * mobile counts when the agent has a mobile number, the organisation a trunk for outbound calls
 * and outbound rules that let the switch call that number; an agent set to a mobile that cannot
 * be called (no number yet, no trunk, a number the rules forbid) is rung on their phones instead,
 * which is better than not at all. Null when the user is gone or has nowhere to ring.
 */
export async function placeToRing(
  directory: Pick<SwitchDirectory, 'user' | 'devices' | 'organisation' | 'trunks' | 'outboundRules'>,
  organisationId: string,
  agent: Agent,
  now: Date,
): Promise<AgentToRing | null> {
  const [user, devices] = await Promise.all([
    directory.user(organisationId, agent.userId),
    directory.devices(organisationId, agent.userId, now),
  ]);
  if (!user) return null;
  const wanted = agentReach(agent.reachOn, user.mobileNumber);
  const mobile = wanted.mobile && (await mobileCallable(directory, organisationId, user.mobileNumber!));
  const reachOn = !mobile ? 'phone' : wanted.phones ? 'phoneAndMobile' : 'mobile';
  const phones = reachOn === 'mobile' ? [] : devices;
  if (phones.length === 0 && !mobile) return null;
  return { user, devices: phones, reachOn };
}
