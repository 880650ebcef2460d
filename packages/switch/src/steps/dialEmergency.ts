import type { CallContext } from '../call/callContext.ts';
import { selectTrunk } from '../routing/selectTrunk.ts';
import { callThroughTrunk, refusal } from './callThroughTrunk.ts';
import type { StepOutcome } from './ringUser.ts';

/**
 * R92: a user's emergency call. It goes out through the trunk whatever the outbound rules say,
 * with the short code as the carrier routes it in the Request-URI, and with the user's own number
 * as caller ID (never a display or group number) so the emergency service can call back.
 *
 * A user without a number of their own still gets through: the call presents the organisation's
 * first landline (else any of its numbers). Carriers screen caller IDs against the numbers they
 * gave the trunk and may refuse a call presenting none of them; an emergency call must not fail
 * over its caller ID, and the organisation's number leads the emergency service back to it.
 */
export async function dialEmergency(ctx: CallContext, digits: string): Promise<StepOutcome> {
  const { directory, logger } = ctx.services;
  if (ctx.caller.type !== 'user') return refusal(403, 'Forbidden', 'only users place emergency calls', 'failed');
  const user = ctx.caller.user;
  ctx.step({ type: 'externalNumber', id: null, name: digits });
  const trunk = selectTrunk(await directory.trunks(), ctx.organisationId);
  if (!trunk) {
    logger.error('emergency call without a trunk', { organisationId: ctx.organisationId, userId: user.id, digits });
    return refusal(503, 'Service Unavailable', 'no trunk for emergency calls', 'failed');
  }
  const callerId =
    (await directory.emergencyCallerId(ctx.organisationId, user.id)) ?? (await directory.organisationNumbers(ctx.organisationId))[0] ?? user.extension;
  logger.info('emergency call', { organisationId: ctx.organisationId, userId: user.id, digits, callerId });
  ctx.log.presented(callerId);
  ctx.step({ type: 'trunk', id: trunk.id, name: trunk.name });
  return callThroughTrunk(ctx, trunk, digits, callerId);
}
