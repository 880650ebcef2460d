import type { CallContext, Connection } from '../call/callContext.ts';
import { CallState } from '../call/callState.ts';
import { parseSource } from '../registrar/registrar.ts';
import { destinationStep, type DestinationCause, type DestinationStep } from '../routing/destinationStep.ts';
import { afterRinging, ringEndFromStatuses, userCallPlan } from '../routing/userCallPlan.ts';
import type { OutgoingInvite } from '../signalling/signallingPort.ts';
import { answerCall } from './answer.ts';
import { ringLegs } from './ringLegs.ts';
import { callerFromHeader } from './callerIdentity.ts';

export type StepOutcome =
  | { kind: 'connected'; connection: Connection }
  | { kind: 'next'; step: DestinationStep }
  | { kind: 'aborted' }
  | { kind: 'failed'; detail: string };

/**
 * Rings a user per their routing settings (R32–R34, R79): all registered devices in parallel for
 * the ring time, or straight to the busy / unanswered destination; afterwards the rule for how it
 * ended decides the next step.
 */
export async function ringUser(ctx: CallContext, userId: string): Promise<StepOutcome> {
  const { directory } = ctx.services;
  const user = await directory.user(ctx.organisationId, userId);
  if (!user) return { kind: 'next', step: { step: 'refuse', status: 404, reason: 'Not Found', warning: 'user no longer exists', outcome: 'failed' } };
  if (ctx.visitedUsers.has(userId)) {
    // A forwarding chain came back to someone already rung: stop rather than loop.
    return { kind: 'next', step: { step: 'refuse', status: 482, reason: 'Loop Detected', warning: 'call forwarding loops back to a user already rung', outcome: 'missed' } };
  }
  ctx.visitedUsers.add(userId);
  ctx.step({ type: 'user', id: user.id, name: user.name });

  const [settings, devices] = await Promise.all([directory.routing(ctx.organisationId, userId), directory.devices(ctx.organisationId, userId, ctx.services.now())]);
  const plan = userCallPlan(settings, { registeredDevices: devices.length, busy: ctx.services.presence.isBusy(userId) });
  if (plan.action === 'divert') {
    const cause: DestinationCause = plan.because === 'busy' ? 'busy' : 'unanswered';
    return { kind: 'next', step: destinationStep(plan.destination, cause) };
  }

  const legs: OutgoingInvite[] = [];
  const offer = ctx.media.offerToCallee();
  for (const device of devices) {
    const target = parseSource(device.source);
    if (!target) continue;
    legs.push({
      uri: device.contact,
      target,
      from: callerFromHeader(ctx),
      to: `<sip:${user.extension}@${ctx.services.advertisedAddress}>`,
      sdp: offer,
    });
  }
  const release = ctx.services.presence.occupy(userId);
  ctx.state.transition(CallState.Alerting);
  const result = await ringLegs(ctx, legs, plan.ringSeconds);
  switch (result.kind) {
    case 'aborted':
      release();
      return { kind: 'aborted' };
    case 'answered': {
      ctx.held.push(release);
      const connection = await answerCall(ctx, result.response, result.dialog, user.id);
      return connection ? { kind: 'connected', connection } : { kind: 'failed', detail: 'answer could not be completed' };
    }
    case 'timeout':
    case 'failed': {
      release();
      ctx.state.transition(CallState.Routing);
      const end = result.kind === 'timeout' ? 'unanswered' : ringEndFromStatuses(result.statuses);
      return { kind: 'next', step: destinationStep(afterRinging(settings, end), end) };
    }
  }
}
