import { refusal, refuse } from '../../call/endCauses.ts';
import { admitToTrunk, callThroughTrunk } from '../../legs/trunkLeg.ts';
import { selectTrunk } from '../../routing/selectTrunk.ts';
import { divertingNumber, forwardedIdentity, type ForwardFacts } from '../../routing/forwardedIdentity.ts';
import type { DestinationCause, FlowCall, Step } from '../step.ts';

/**
 * A call to an outside number through the organisation's trunk (R71): a user's own call, or a
 * forward (user routing, defaults, unassigned-number rule, a menu key). The organisation's
 * outbound rules are read for this call (R81) and passed through the switch's toll gate (R91,
 * issue 10: rules, block, limits): a number it refuses is refused with 403 before the trunk hears
 * of it, and so is one of the organisation's own numbers, which
 * would come straight back in. From carries the caller ID (R36, R55) for a user's own call. A
 * call forwarded out (an outside caller, or one a user's settings sent on) presents what the
 * trunk's `forwardedCallerId` says (routing/forwardedIdentity.ts): the original caller with a
 * Diversion naming the organisation's number it was diverted from (RFC 5806) — carriers drop a
 * foreign caller ID that no Diversion explains —, or, for carriers that let no other number
 * through, the organisation's number without Diversion.
 */
export const externalNumber: Step<'externalNumber'> = {
  needs: 'either',
  async run(call, { number }, cause) {
    const { directory } = call.services;
    call.log.path({ type: 'externalNumber', id: null, name: number });
    const [organisation, rules, owner] = await Promise.all([
      directory.organisation(call.organisationId),
      directory.outboundRules(call.organisationId),
      directory.ownerOf(number),
    ]);
    if (!organisation) return refuse(refusal(404, 'Not Found', 'the organisation no longer exists', 'failed'));
    if (owner === call.organisationId) {
      // A user's own call to such a number is routed inside (resolveNumber); only a forward gets here.
      return refuse(
        refusal(482, 'Loop Detected', 'forwarding to one of the organisation’s own numbers would loop', 'failed'),
      );
    }
    const admission = await admitToTrunk(call, number, rules, organisation.country);
    if (!admission.admitted) return admission.refusal;
    const { toll } = admission;
    // Until callThroughTrunk has the leg (it ends it, or the bridge does), every way out ends it here.
    let handedOn = false;
    try {
      const trunk = selectTrunk(await directory.trunks(), call.organisationId);
      if (!trunk) return refuse(refusal(503, 'Service Unavailable', 'no trunk for outbound calls', 'failed'));
      const ownCall = call.caller.type === 'user' && call.visitedUsers.size === 0;
      if (ownCall) {
        const callerId = await directory.callerId(call.organisationId, call.caller.userId);
        if (!callerId)
          return refuse(refusal(403, 'Forbidden', 'the caller has no number to present on outbound calls', 'failed'));
        call.log.presented(callerId);
        call.log.path({ type: 'trunk', id: trunk.id, name: trunk.name });
        handedOn = true;
        return await callThroughTrunk(call, trunk, number, { callerNumber: callerId, diversion: null }, toll);
      }
      const identity = forwardedIdentity(await forwardFacts(call, cause), trunk.forwardedCallerId);
      if (!identity)
        return refuse(
          refusal(403, 'Forbidden', 'the organisation has no number to present on a forwarded call', 'failed'),
        );
      call.log.path({ type: 'trunk', id: trunk.id, name: trunk.name });
      handedOn = true;
      return await callThroughTrunk(call, trunk, number, identity, toll);
    } finally {
      if (!handedOn) toll.ended();
    }
  },
};

/**
 * The facts of a forward: the original caller, whose number diverted the call (the last user
 * rung when their own rule sent it on, else the number dialled; routing/forwardedIdentity.ts
 * `divertingNumber`) and the organisation's main number to fall back on.
 */
async function forwardFacts(call: FlowCall, cause: DestinationCause): Promise<ForwardFacts> {
  const { directory } = call.services;
  const numbers = await directory.organisationNumbers(call.organisationId);
  const lastUserId = [...call.visitedUsers].at(-1);
  const lastUser = lastUserId ? await directory.user(call.organisationId, lastUserId) : null;
  const diverting = divertingNumber({ dialled: call.arrival.dialled, organisationNumbers: numbers, lastUser, cause });
  const originalCaller =
    call.caller.type === 'trunk'
      ? call.caller.number
      : await directory.callerId(call.organisationId, call.caller.userId);
  return {
    originalCaller,
    divertingNumber: diverting,
    organisationNumber: numbers[0] ?? null,
    cause,
    earlierDiversions: call.arrival.diversions,
  };
}
