import type { CallOutcome, Destination, UnassignedNumberRule } from '@vaxel/domain';

/** Why the call is being sent to a destination; decides the call-log outcome of a refusal. */
export type DestinationCause = 'routed' | 'unanswered' | 'busy' | 'rejected';

/**
 * The next thing the switch does with a call, given a {@link Destination}:
 * - `ringUser`: run that user's call plan (R79).
 * - `dialExternal`: call or forward to an outside number through a trunk, if the outbound rules allow.
 * - `dialEmergency`: a user's emergency call, through the trunk whatever the rules (R92); `digits`
 *   are what the carrier is sent (the short code, see emergencyNumbers.ts in domain).
 * - `refuse`: answer the caller with a final SIP status and end the call.
 */
export type DestinationStep =
  | { step: 'ringUser'; userId: string }
  | { step: 'dialExternal'; number: string }
  | { step: 'dialEmergency'; digits: string }
  | { step: 'refuse'; status: number; reason: string; warning: string | null; outcome: CallOutcome };

/**
 * RFC 3261 §20.43: a Warning's text is for a human; 399 is the "miscellaneous warning" code.
 * The switch's features that do not exist yet (voicemail, playing messages, response groups, IVR
 * menus: later issues) answer 480 Temporarily Unavailable with such a text, so a caller's phone and
 * the operator's logs say plainly why, instead of a silent failure.
 */
function temporarilyUnavailable(what: string, cause: DestinationCause): DestinationStep {
  return {
    step: 'refuse',
    status: 480,
    reason: 'Temporarily Unavailable',
    warning: `${what} is not available on this switch yet`,
    outcome: outcomeOfRefusal(cause),
  };
}

function outcomeOfRefusal(cause: DestinationCause): CallOutcome {
  switch (cause) {
    case 'routed':
      return 'failed';
    case 'unanswered':
      return 'missed';
    case 'busy':
      return 'busy';
    case 'rejected':
      return 'rejected';
  }
}

export function destinationStep(destination: Destination, cause: DestinationCause): DestinationStep {
  switch (destination.type) {
    case 'user':
      return { step: 'ringUser', userId: destination.userId };
    case 'externalNumber':
      return { step: 'dialExternal', number: destination.number };
    case 'busyTone':
      // Destination doc: "ends the call with a busy signal (SIP 486)".
      return {
        step: 'refuse',
        status: 486,
        reason: 'Busy Here',
        warning: null,
        outcome: cause === 'rejected' ? 'rejected' : cause === 'unanswered' ? 'missed' : 'busy',
      };
    case 'hangup':
      return { step: 'refuse', status: 603, reason: 'Decline', warning: null, outcome: outcomeOfRefusal(cause) };
    case 'voicemail':
      return temporarilyUnavailable('Voicemail', cause);
    case 'playMessage':
      return temporarilyUnavailable('Playing a message', cause);
    case 'responseGroup':
      return temporarilyUnavailable('Response groups', cause);
    case 'ivrMenu':
      return temporarilyUnavailable('IVR menus', cause);
    case 'repeatMenu':
      // Only meaningful inside an IVR menu (see Destination); anywhere else the setting is wrong.
      return { step: 'refuse', status: 500, reason: 'Server Internal Error', warning: 'repeatMenu outside an IVR menu', outcome: 'failed' };
  }
}

/** R35: a call to one of the organisation's numbers that is assigned to nothing. */
export function unassignedNumberStep(rule: UnassignedNumberRule): DestinationStep {
  switch (rule.action) {
    case 'reject':
      return { step: 'refuse', status: 404, reason: 'Not Found', warning: 'number not in use', outcome: 'failed' };
    case 'playMessage':
      return temporarilyUnavailable('Playing a message', 'routed');
    case 'route':
      return destinationStep(rule.destination, 'routed');
  }
}
