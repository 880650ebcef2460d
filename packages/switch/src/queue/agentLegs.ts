import type { Registration, UserRecord } from '@vaxel/store';
import type { FlowCaller } from '../flow/step.ts';
import { quoteDisplayName } from '../legs/callerIdentity.ts';
import { parseSource } from '../registrar/registrar.ts';
import type { OutgoingInvite } from '../signalling/signallingPort.ts';

/** An agent to ring, with their registered devices. */
export interface AgentToRing {
  user: UserRecord;
  devices: readonly Registration[];
}

/** A leg to one device of one agent; `userId` says whose phone answered when it does. */
export interface AgentLeg {
  userId: string;
  invite: OutgoingInvite;
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

/** One leg per registered device of every agent, all rung at once; devices whose source cannot be read are left out. */
export function agentLegs(agents: readonly AgentToRing[], from: string, offer: string, host: string): AgentLeg[] {
  const legs: AgentLeg[] = [];
  for (const { user, devices } of agents) {
    for (const device of devices) {
      const target = parseSource(device.source);
      if (!target) continue;
      legs.push({ userId: user.id, invite: { uri: device.contact, target, from, to: `<sip:${user.extension}@${host}>`, sdp: offer } });
    }
  }
  return legs;
}
