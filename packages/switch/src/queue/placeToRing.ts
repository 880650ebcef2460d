import type { Agent } from '@vaxel/domain';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { AgentToRing } from './agentLegs.ts';

/**
 * THE rule for whether an agent has a place to ring right now (R16, R74): their registered SIP
 * phones. Null when the user is gone or has nowhere to ring. The only place the queue asks, so
 * reaching agents on their mobiles through the trunk extends this one function.
 */
export async function placeToRing(directory: Pick<SwitchDirectory, 'user' | 'devices'>, organisationId: string, agent: Agent, now: Date): Promise<AgentToRing | null> {
  const [user, devices] = await Promise.all([directory.user(organisationId, agent.userId), directory.devices(organisationId, agent.userId, now)]);
  if (!user || devices.length === 0) return null;
  return { user, devices };
}
