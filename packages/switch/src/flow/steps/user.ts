import { abortedCause, refusal, refuse } from '../../call/endCauses.ts';
import { acceptCallee } from '../../legs/answerLeg.ts';
import { callerFromHeader } from '../../legs/callerIdentity.ts';
import { ringLegs } from '../../legs/ringLegs.ts';
import { ringProgress } from '../../legs/ringProgress.ts';
import { parseSource } from '../../registrar/registrar.ts';
import { afterRinging, ringEndFromStatuses, userCallPlan } from '../../routing/userCallPlan.ts';
import type { OutgoingInvite } from '../../signalling/signallingPort.ts';
import type { Step } from '../step.ts';

/**
 * ringUser: rings a user per their routing settings (R32–R34, R79): all registered devices in
 * parallel for the ring time, or straight to the busy / unanswered destination; afterwards the
 * rule for how it ended decides the next destination. Works for a caller still ringing (180 and
 * early media relayed) and for one the switch answered (ringback, then the bridge without a
 * second answer): see legs/ringProgress.ts.
 */
export const ringUser: Step<'user'> = {
  needs: 'either',
  async run(call, { userId }) {
    const { directory, presence, clock, advertisedAddress } = call.services;
    const user = await directory.user(call.organisationId, userId);
    if (!user) return refuse(refusal(404, 'Not Found', 'user no longer exists', 'failed'));
    if (call.visitedUsers.has(userId)) {
      // A forwarding chain came back to someone already rung: stop rather than loop.
      return refuse(refusal(482, 'Loop Detected', 'call forwarding loops back to a user already rung', 'missed'));
    }
    call.visitedUsers.add(userId);
    call.log.path({ type: 'user', id: user.id, name: user.name });

    const [settings, devices] = await Promise.all([
      directory.routing(call.organisationId, userId),
      directory.devices(call.organisationId, userId, new Date(clock.now())),
    ]);
    const plan = userCallPlan(settings, { registeredDevices: devices.length, busy: presence.isBusy(userId) });
    if (plan.action === 'divert') {
      return { kind: 'next', destination: plan.destination, cause: plan.because === 'busy' ? 'busy' : 'unanswered' };
    }

    const legs: OutgoingInvite[] = [];
    const offer = call.media.offerToCallee();
    for (const device of devices) {
      const target = parseSource(device.source);
      if (!target) continue;
      legs.push({
        uri: device.contact,
        target,
        from: callerFromHeader(call.caller, advertisedAddress),
        to: `<sip:${user.extension}@${advertisedAddress}>`,
        sdp: offer,
      });
    }
    const release = presence.occupy(userId);
    // The queue skips an agent whose phone rings for a direct call (R16: ringing elsewhere).
    const ringing = legs.length > 0 ? presence.ring(userId) : () => {};
    const progress = ringProgress(call, legs.length);
    const result = await ringLegs(call, legs, plan.ringSeconds, progress);
    ringing();
    switch (result.kind) {
      case 'aborted':
        release();
        return { kind: 'end', cause: abortedCause(call.abort) };
      case 'answered': {
        const connection = acceptCallee(call, result.response, result.dialog, user.id);
        if (connection) return { kind: 'connected', connection: { ...connection, release } };
        release();
        await progress.stop();
        return { kind: 'end', cause: { by: 'failure', detail: 'the callee answered with unusable SDP' } };
      }
      case 'timeout':
      case 'failed': {
        release();
        await progress.stop();
        const end = result.kind === 'timeout' ? 'unanswered' : ringEndFromStatuses(result.statuses);
        return { kind: 'next', destination: afterRinging(settings, end), cause: end };
      }
    }
  },
};
