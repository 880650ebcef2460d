import type { OutboundRules } from '@vaxel/domain';
import type { TrunkRecord } from '@vaxel/store';
import { abortedCause, refusal, refusalForCarrierStatus, refuse } from '../call/endCauses.ts';
import type { FlowCall, StepResult } from '../flow/step.ts';
import type { TollLeg } from '../security/tollGuard.ts';
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
 * goes back to the caller as its class says (call/endCauses.ts). `toll` is the leg the gate
 * admitted ({@link admitToTrunk}): counted until the leg ends, its talk time from the answer.
 */
export async function callThroughTrunk(
  call: FlowCall,
  trunk: TrunkRecord,
  target: string,
  identity: ForwardedIdentity,
  toll: TollLeg,
): Promise<StepResult> {
  let connected = false;
  try {
    const leg = trunkInvite(trunk, target, identity, call.services.advertisedAddress, call.media.offerToCallee());
    const progress = ringProgress(call, 1);
    const result = await ringLegs(call, [leg], null, progress);
    switch (result.kind) {
      case 'aborted':
        return { kind: 'end', cause: abortedCause(call.abort) };
      case 'answered': {
        const connection = acceptCallee(call, result.response, result.dialog, null);
        if (connection) {
          toll.answered();
          connected = true;
          return {
            kind: 'connected',
            connection: { ...connection, release: () => (connection.release?.(), toll.ended()) },
          };
        }
        await progress.stop();
        return { kind: 'end', cause: { by: 'failure', detail: 'the carrier answered with unusable SDP' } };
      }
      case 'timeout':
      case 'failed':
        await progress.stop();
        return refuse(refusalForCarrierStatus(result.kind === 'failed' ? (result.statuses[0] ?? 480) : 480));
    }
    return result satisfies never;
  } finally {
    // A bridged leg is counted until the bridge releases it; any other ends here.
    if (!connected) toll.ended();
  }
}

export type TrunkAdmission = { admitted: true; toll: TollLeg } | { admitted: false; refusal: StepResult };

/**
 * Issue 10 "Toll fraud": asks the switch's one gate (security/tollGuard.ts) whether the call may
 * go to `number` through a trunk now: the organisation's rules, its international block, its
 * concurrent-call and minute limits. A refusal is 403 with the reason as Warning (a forward or a
 * menu destination that is refused follows the flow's failure path, as any refusal does).
 */
export async function admitToTrunk(
  call: FlowCall,
  number: string,
  rules: OutboundRules,
  country: string,
): Promise<TrunkAdmission> {
  // A forward is the forwarding user's doing; a call from outside forwarded by no user names nobody.
  const user =
    call.caller.type === 'user' && call.visitedUsers.size === 0
      ? call.caller.userId
      : ([...call.visitedUsers].at(-1) ?? null);
  const admission = await call.services.tollGuard.admit({
    organisationId: call.organisationId,
    country,
    rules,
    number,
    user,
    source: call.source ?? null,
  });
  if (admission.allowed) return { admitted: true, toll: admission.leg };
  call.services.logger.warn('outbound call refused', {
    organisationId: call.organisationId,
    number,
    reason: admission.reason,
  });
  return { admitted: false, refusal: refuse(refusal(403, 'Forbidden', admission.message, 'failed')) };
}

/**
 * The INVITE to the carrier for `target` (the Request-URI's user part) with the identity in From
 * and P-Asserted-Identity and its Diversion, authenticated with the trunk's credentials if it has
 * them; shared by outside calls and the calls to agents' mobiles (queue/agentLegs.ts).
 */
export function trunkInvite(
  trunk: TrunkRecord,
  target: string,
  identity: ForwardedIdentity,
  host: string,
  sdp: string,
): OutgoingInvite {
  const callerId = identity.callerNumber;
  return {
    uri: `sip:${target}@${trunk.host}:${trunk.port}`,
    target: { transport: trunk.transport, address: trunk.host, port: trunk.port },
    from: `<sip:${callerId}@${host}>`,
    to: `<sip:${target}@${trunk.host}>`,
    sdp,
    headers: [
      ['P-Asserted-Identity', `<sip:${callerId}@${host}>`],
      ...(identity.diversion
        ? ([['Diversion', formatDiversion(identity.diversion, host)]] as Array<[string, string]>)
        : []),
    ],
    ...(trunk.username && trunk.password
      ? { credentials: { username: trunk.username, password: trunk.password } }
      : {}),
  };
}
