import { outboundVerdict } from '@vaxel/domain';
import type { CallContext } from '../call/callContext.ts';
import { selectTrunk } from '../routing/selectTrunk.ts';
import { callThroughTrunk, refusal } from './callThroughTrunk.ts';
import type { StepOutcome } from './ringUser.ts';

/**
 * A call to an outside number through the organisation's trunk (R71): a user's own call, or a
 * forward (user routing, defaults, unassigned-number rule). The organisation's outbound rules are
 * read for this call (R81) and obeyed (R91): a number they forbid is refused with 403 before the
 * trunk hears of it, and so is one of the organisation's own numbers, which would come straight
 * back in. From carries the caller ID (R36, R55) for a user's own call; a forwarded outside call
 * keeps the original caller's number.
 */
export async function dialExternal(ctx: CallContext, number: string): Promise<StepOutcome> {
  const { directory, logger } = ctx.services;
  ctx.step({ type: 'externalNumber', id: null, name: number });
  const [organisation, rules, owner] = await Promise.all([
    directory.organisation(ctx.organisationId),
    directory.outboundRules(ctx.organisationId),
    directory.ownerOf(number),
  ]);
  if (!organisation) return refusal(404, 'Not Found', 'the organisation no longer exists', 'failed');
  if (owner === ctx.organisationId) {
    // A user's own call to such a number is routed inside (resolveNumber); only a forward gets here.
    return refusal(482, 'Loop Detected', 'forwarding to one of the organisation’s own numbers would loop', 'failed');
  }
  const verdict = outboundVerdict(number, rules, organisation.country);
  if (!verdict.allowed) {
    logger.warn('outbound call refused by the organisation’s rules', { organisationId: ctx.organisationId, number, reason: verdict.reason });
    return refusal(403, 'Forbidden', verdict.message, 'failed');
  }

  const trunk = selectTrunk(await directory.trunks(), ctx.organisationId);
  if (!trunk) return refusal(503, 'Service Unavailable', 'no trunk for outbound calls', 'failed');
  const callerId = ctx.caller.type === 'trunk' ? ctx.caller.number : await directory.callerId(ctx.organisationId, ctx.caller.user.id);
  if (!callerId) return refusal(403, 'Forbidden', 'the caller has no number to present on outbound calls', 'failed');
  if (ctx.caller.type === 'user') ctx.log.presented(callerId);
  ctx.step({ type: 'trunk', id: trunk.id, name: trunk.name });
  return callThroughTrunk(ctx, trunk, number, callerId);
}
