import { refusal, refuse } from '../call/endCauses.ts';
import { callThroughTrunk } from '../legs/trunkLeg.ts';
import { selectTrunk } from '../routing/selectTrunk.ts';
import { uncountedTollLeg } from '../security/tollGuard.ts';
import type { FlowCall, StepResult } from './step.ts';

/**
 * R92: a user's emergency call, the first step of its flow (not a Destination: no setting sends
 * a call here). It goes out through the trunk whatever the outbound rules say, with the short
 * code as the carrier routes it in the Request-URI, and with the user's own number as caller ID
 * (never a display or group number) so the emergency service can call back.
 *
 * A user without a number of their own still gets through: the call presents the organisation's
 * first landline (else any of its numbers). Carriers screen caller IDs against the numbers they
 * gave the trunk and may refuse a call presenting none of them; an emergency call must not fail
 * over its caller ID, and the organisation's number leads the emergency service back to it.
 */
export async function emergencyCall(call: FlowCall, digits: string): Promise<StepResult> {
  const { directory, logger } = call.services;
  if (call.caller.type !== 'user')
    return refuse(refusal(403, 'Forbidden', 'only users place emergency calls', 'failed'));
  const userId = call.caller.userId;
  call.log.path({ type: 'externalNumber', id: null, name: digits });
  const trunk = selectTrunk(await directory.trunks(), call.organisationId);
  if (!trunk) {
    logger.error('emergency call without a trunk', { organisationId: call.organisationId, userId, digits });
    return refuse(refusal(503, 'Service Unavailable', 'no trunk for emergency calls', 'failed'));
  }
  const callerId =
    (await directory.emergencyCallerId(call.organisationId, userId)) ??
    (await directory.organisationNumbers(call.organisationId))[0] ??
    call.caller.extension;
  logger.info('emergency call', { organisationId: call.organisationId, userId, digits, callerId });
  call.log.presented(callerId);
  call.log.path({ type: 'trunk', id: trunk.id, name: trunk.name });
  // Past every toll limit and block (issue 10): nothing stands between a caller and 112.
  return callThroughTrunk(call, trunk, digits, { callerNumber: callerId, diversion: null }, uncountedTollLeg);
}
