import type { TrunkRecord } from '@vaxel/store';
import type { CallContext } from '../call/callContext.ts';
import { CallState } from '../call/callState.ts';
import type { OutgoingInvite } from '../signalling/signallingPort.ts';
import { answerCall } from './answer.ts';
import { ringLegs } from './ringLegs.ts';
import type { StepOutcome } from './ringUser.ts';

export function refusal(status: number, reason: string, warning: string | null, outcome: 'failed' | 'busy' | 'rejected' | 'missed'): StepOutcome {
  return { kind: 'next', step: { step: 'refuse', status, reason, warning, outcome } };
}

/**
 * One leg to the carrier (R71): `target` is the Request-URI's user part (an E.164 number, or an
 * emergency short code as carriers expect it), `callerId` goes in From and P-Asserted-Identity
 * (RFC 3325 §9.1: the identity the trunk, a trusted peer, may pass on). The carrier's final answer
 * goes back to the caller as its class says.
 */
export async function callThroughTrunk(ctx: CallContext, trunk: TrunkRecord, target: string, callerId: string): Promise<StepOutcome> {
  const host = ctx.services.advertisedAddress;
  const leg: OutgoingInvite = {
    uri: `sip:${target}@${trunk.host}:${trunk.port}`,
    target: { transport: trunk.transport, address: trunk.host, port: trunk.port },
    from: `<sip:${callerId}@${host}>`,
    to: `<sip:${target}@${trunk.host}>`,
    sdp: ctx.media.offerToCallee(),
    headers: [['P-Asserted-Identity', `<sip:${callerId}@${host}>`]],
    ...(trunk.username && trunk.password ? { credentials: { username: trunk.username, password: trunk.password } } : {}),
  };
  ctx.state.transition(CallState.Alerting);
  const result = await ringLegs(ctx, [leg], null);
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
      if (status === 486 || status === 600) return refusal(486, 'Busy Here', null, 'busy');
      if (status === 603) return refusal(603, 'Decline', null, 'rejected');
      if (status === 408 || status === 480 || status === 487) return refusal(480, 'Temporarily Unavailable', 'the called number did not answer', 'missed');
      if (status === 404 || status === 484) return refusal(404, 'Not Found', 'the carrier does not know the number', 'failed');
      return refusal(502, 'Bad Gateway', `the carrier answered ${status}`, 'failed');
    }
  }
}
