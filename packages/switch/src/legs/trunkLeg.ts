import type { TrunkRecord } from '@vaxel/store';
import { abortedCause, refusalForCarrierStatus, refuse } from '../call/endCauses.ts';
import type { FlowCall, StepResult } from '../flow/step.ts';
import { formatDiversion, type ForwardedIdentity } from '../routing/forwardedIdentity.ts';
import type { OutgoingInvite } from '../signalling/signallingPort.ts';
import { acceptCallee } from './answerLeg.ts';
import { ringLegs } from './ringLegs.ts';
import { ringProgress } from './ringProgress.ts';

/**
 * One leg to the carrier (R71): `target` is the Request-URI's user part (an E.164 number, or an
 * emergency short code as carriers expect it), the identity's number goes in From and
 * P-Asserted-Identity (RFC 3325 §9.1: the identity the trunk, a trusted peer, may pass on), and a
 * forwarded call's Diversion (RFC 5806) says whose number sent it on. The carrier's final answer
 * goes back to the caller as its class says (call/endCauses.ts).
 */
export async function callThroughTrunk(call: FlowCall, trunk: TrunkRecord, target: string, identity: ForwardedIdentity): Promise<StepResult> {
  const leg = trunkInvite(trunk, target, identity, call.services.advertisedAddress, call.media.offerToCallee());
  const progress = ringProgress(call, 1);
  const result = await ringLegs(call, [leg], null, progress);
  switch (result.kind) {
    case 'aborted':
      return { kind: 'end', cause: abortedCause(call.abort) };
    case 'answered': {
      const connection = acceptCallee(call, result.response, result.dialog, null);
      if (connection) return { kind: 'connected', connection };
      await progress.stop();
      return { kind: 'end', cause: { by: 'failure', detail: 'the carrier answered with unusable SDP' } };
    }
    case 'timeout':
    case 'failed':
      await progress.stop();
      return refuse(refusalForCarrierStatus(result.kind === 'failed' ? (result.statuses[0] ?? 480) : 480));
  }
}

/**
 * The INVITE to the carrier for `target` (the Request-URI's user part) with the identity in From
 * and P-Asserted-Identity and its Diversion, authenticated with the trunk's credentials if it has
 * them; shared by outside calls and the calls to agents' mobiles (queue/agentLegs.ts).
 */
export function trunkInvite(trunk: TrunkRecord, target: string, identity: ForwardedIdentity, host: string, sdp: string): OutgoingInvite {
  const callerId = identity.callerNumber;
  return {
    uri: `sip:${target}@${trunk.host}:${trunk.port}`,
    target: { transport: trunk.transport, address: trunk.host, port: trunk.port },
    from: `<sip:${callerId}@${host}>`,
    to: `<sip:${target}@${trunk.host}>`,
    sdp,
    headers: [
      ['P-Asserted-Identity', `<sip:${callerId}@${host}>`],
      ...(identity.diversion ? ([['Diversion', formatDiversion(identity.diversion, host)]] as Array<[string, string]>) : []),
    ],
    ...(trunk.username && trunk.password ? { credentials: { username: trunk.username, password: trunk.password } } : {}),
  };
}
