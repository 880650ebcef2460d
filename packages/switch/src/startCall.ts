import { admitCall, type Admission, type Caller } from './call/admitCall.ts';
import { CallLogWriter } from './call/callLogWriter.ts';
import { CallSession } from './call/callSession.ts';
import type { SwitchDirectory } from './directory/switchDirectory.ts';
import { runFlow } from './flow/runFlow.ts';
import type { EndCause, FlowCaller, FlowServices } from './flow/step.ts';
import type { CallMedia } from './media/callMedia.ts';
import { openCallMedia, type OpenCallMediaOptions } from './media/openCallMedia.ts';
import { UnusableSdp } from './media/sessionDescription.ts';
import { diversionsSoFar } from './routing/forwardedIdentity.ts';
import type { SipAuthenticator } from './registrar/registrar.ts';
import type { ServerInvite } from './signalling/signallingPort.ts';
import type { SwitchStore } from './Switch.ts';
import type { SwitchObserver } from './kernel/switchObserver.ts';

export interface CallSetup {
  store: Pick<SwitchStore, 'calls'>;
  directory: SwitchDirectory;
  authenticator: SipAuthenticator;
  services: FlowServices;
  /** Where calls' audio runs: the switch's port pool in this thread, or its media workers (issue 11). */
  mediaPlane: OpenCallMediaOptions['plane'];
  defaultCountryCode: string;
  /** RTP silence after which an answered call is ended (0 = never). */
  inactivityTimeoutMs: number;
  /** Issue 11: told when the call's record ends (the operator's metrics). */
  observer?: Pick<SwitchObserver, 'callEnded'>;
}

/**
 * One call's set-up and life: admit it (who calls, where it goes first), write its call-log
 * record, open its media and take the caller's offer, then run its flow in a {@link CallSession}
 * and end it as the flow's end cause says. Never throws.
 */
export async function startCall(invite: ServerInvite, abort: AbortController, setup: CallSetup): Promise<void> {
  const { services } = setup;
  const { logger, clock } = services;
  let admission: Admission;
  try {
    admission = await admitCall(invite, setup.directory, setup.authenticator, setup.defaultCountryCode);
  } catch (error) {
    logger.error('could not route a call', { error: String(error) });
    invite.reject(500, 'Server Internal Error', 'routing failed');
    return;
  }
  if (!admission.ok) {
    invite.reject(admission.status, admission.reason, admission.warning, admission.headers);
    return;
  }

  const log = new CallLogWriter(
    setup.store.calls,
    admission.organisationId,
    {
      direction: admission.direction,
      at: new Date(clock.now()),
      fromNumber: admission.fromNumber,
      fromName: admission.fromName,
      toNumber: admission.dialled,
      fromUserId: admission.caller.type === 'user' ? admission.caller.user.id : null,
      emergency: admission.emergency,
    },
    logger,
    setup.observer,
  );
  let media: CallMedia;
  try {
    media = await openCallMedia({
      plane: setup.mediaPlane,
      advertisedAddress: services.advertisedAddress,
      inactivityTimeoutMs: setup.inactivityTimeoutMs,
      files: services.files,
    });
  } catch (error) {
    logger.error('no RTP ports for a call', { error: String(error) });
    invite.reject(503, 'Service Unavailable', 'no media ports free');
    log.ended(new Date(clock.now()), 'failed', 'failed');
    await log.flushed();
    return;
  }

  const session = new CallSession({
    organisationId: admission.organisationId,
    caller: flowCaller(admission.caller),
    arrival: { dialled: admission.dialled, diversions: diversionsSoFar(invite.request.headers.getAll('Diversion')) },
    language: admission.language,
    invite,
    media,
    log,
    services,
    abort,
  });
  try {
    const offer = invite.request.body.toString('utf8');
    let cause: EndCause;
    try {
      if (offer.trim() === '') throw new UnusableSdp('an INVITE without an SDP offer is not supported');
      // The caller's RTP port hears its SDP address, or (behind NAT) the host its INVITE came from.
      media.acceptCallerOffer(offer, invite.source.address);
      if (admission.caller.type === 'user') session.hold(services.presence.occupy(admission.caller.user.id));
      // Steps may name the call by its record (recordings, voicemail): wait for the create.
      await log.created();
      cause = await runFlow(session, admission.first);
    } catch (error) {
      if (error instanceof UnusableSdp) {
        cause = {
          by: 'refusal',
          refusal: { status: 488, reason: 'Not Acceptable Here', warning: error.message, outcome: 'failed' },
        };
      } else {
        logger.error('call failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        cause = { by: 'failure', detail: String(error) };
      }
    }
    await session.end(cause);
  } finally {
    // A call that comes back to a group keeps its place only while it lasts.
    services.queues.callEnded(session.id);
    await session.close();
  }
}

function flowCaller(caller: Caller): FlowCaller {
  return caller.type === 'user'
    ? {
        type: 'user',
        userId: caller.user.id,
        extension: caller.user.extension,
        number: caller.user.extension,
        name: caller.user.name,
      }
    : { type: 'trunk', trunkId: caller.trunk.id, number: caller.number, name: caller.name };
}
