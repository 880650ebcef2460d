import type { CallContext } from '../call/callContext.ts';
import { CallState } from '../call/callState.ts';
import { selectTrunk } from '../routing/selectTrunk.ts';
import { answerCall } from './answer.ts';
import { ringLegs } from './ringLegs.ts';
import type { StepOutcome } from './ringUser.ts';

function refuse(status: number, reason: string, warning: string | null, outcome: 'failed' | 'busy' | 'rejected' | 'missed'): StepOutcome {
  return { kind: 'next', step: { step: 'refuse', status, reason, warning, outcome } };
}

/**
 * A call to an external number through the organisation's trunk (R71): From carries the caller
 * ID (R36, R55) for a user's own call; a forwarded outside call keeps the original caller's number.
 */
export async function dialExternal(ctx: CallContext, number: string): Promise<StepOutcome> {
  const { directory } = ctx.services;
  const trunk = selectTrunk(await directory.trunks(), ctx.organisationId);
  if (!trunk) return refuse(503, 'Service Unavailable', 'no trunk for outbound calls', 'failed');

  let callerId: string | null;
  if (ctx.caller.type === 'trunk') {
    callerId = ctx.caller.number;
  } else {
    callerId = await directory.callerId(ctx.organisationId, ctx.caller.user.id);
  }
  if (!callerId) return refuse(403, 'Forbidden', 'the caller has no number to present on outbound calls', 'failed');

  if (ctx.caller.type === 'user') ctx.log.presented(callerId);
  ctx.step({ type: 'externalNumber', id: null, name: number });
  ctx.step({ type: 'trunk', id: trunk.id, name: trunk.name });
  const host = ctx.services.advertisedAddress;
  const legs = [
    {
      uri: `sip:${number}@${trunk.host}:${trunk.port}`,
      target: { transport: trunk.transport, address: trunk.host, port: trunk.port },
      from: `<sip:${callerId}@${host}>`,
      to: `<sip:${number}@${trunk.host}>`,
      sdp: ctx.media.offerToCallee(),
      headers: [['P-Asserted-Identity', `<sip:${callerId}@${host}>`]] as Array<[string, string]>,
      ...(trunk.username && trunk.password ? { credentials: { username: trunk.username, password: trunk.password } } : {}),
    },
  ];
  ctx.state.transition(CallState.Alerting);
  const result = await ringLegs(ctx, legs, null);
  switch (result.kind) {
    case 'aborted':
      return { kind: 'aborted' };
    case 'answered': {
      const connection = await answerCall(ctx, result.response, result.dialog, null);
      return connection ? { kind: 'connected', connection } : { kind: 'failed', detail: 'answer could not be completed' };
    }
    case 'timeout':
    case 'failed': {
      const status = result.kind === 'failed' ? (result.statuses[0] ?? 480) : 480;
      // The carrier's answer goes back to the caller as is; its class decides the log outcome.
      if (status === 486 || status === 600) return refuse(486, 'Busy Here', null, 'busy');
      if (status === 603) return refuse(603, 'Decline', null, 'rejected');
      if (status === 408 || status === 480 || status === 487) return refuse(480, 'Temporarily Unavailable', 'the called number did not answer', 'missed');
      if (status === 404 || status === 484) return refuse(404, 'Not Found', 'the carrier does not know the number', 'failed');
      return refuse(502, 'Bad Gateway', `the carrier answered ${status}`, 'failed');
    }
  }
}
