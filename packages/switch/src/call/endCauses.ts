import type { CallOutcome, EndReason } from '@vaxel/domain';
import type { CallProgressTone } from '@vaxel/media';
import type { DestinationCause, EndCause, Refusal } from '../flow/step.ts';

/** How far the caller got before the end: no answer, answered by the switch only, or bridged to someone. */
export type Reach = 'nobody' | 'switch' | 'callee';

/** What the caller's leg is sent at the end. */
export type CallerEnding =
  /** A final non-2xx to the unanswered INVITE (RFC 3261 §13.3.1.3). */
  | { kind: 'reject'; status: number; reason: string; warning: string | null }
  /** BYE to the answered caller (§15), after `tone` for a few seconds when one fits. */
  | { kind: 'bye'; tone: CallProgressTone | null }
  /** Nothing: the caller left (its CANCEL was answered 487 by the UA core, or it sent BYE). */
  | { kind: 'none' };

export interface CallEnd {
  caller: CallerEnding;
  /** R58's outcome for the call log. */
  outcome: CallOutcome;
}

/** How long an answered caller hears the busy or congestion tone before the switch hangs up. */
export const END_TONE_MS = 3000;

const reject = (status: number, reason: string, warning: string | null): CallerEnding => ({
  kind: 'reject',
  status,
  reason,
  warning,
});

/**
 * THE table from why a call ended to what the caller's leg is sent and what the call log says
 * (one place, style.md habit 4). Rows by cause, columns by how far the caller got:
 *
 * | cause     | nobody answered                 | switch answered (menu …)     | bridged to a callee   |
 * |-----------|---------------------------------|------------------------------|-----------------------|
 * | caller    | — / abandoned                   | — / abandoned                | — / answered          |
 * | callee    | —                               | —                            | BYE / answered        |
 * | flow      | 480 / its outcome               | BYE / its outcome            | BYE / its outcome     |
 * | refusal   | its status / its outcome        | tone, BYE / its outcome      | tone, BYE / answered  |
 * | failure   | 500 / failed                    | BYE / failed                 | BYE / answered        |
 * | media     | 500 / failed                    | BYE / failed                 | BYE / answered        |
 * | shutdown  | 503 / failed                    | BYE / failed                 | BYE / answered        |
 *
 * An answered caller cannot be sent a status any more, so a refusal becomes the tone a phone
 * network plays for it (busy for 486/600, congestion for the rest; a decline just hangs up).
 */
export function callEnd(cause: EndCause, reach: Reach): CallEnd {
  const answered = reach !== 'nobody';
  const bye = (tone: CallProgressTone | null = null): CallerEnding => ({ kind: 'bye', tone });
  switch (cause.by) {
    case 'caller':
      return { caller: { kind: 'none' }, outcome: cause.outcome ?? (reach === 'callee' ? 'answered' : 'abandoned') };
    case 'callee':
      return { caller: answered ? bye() : { kind: 'none' }, outcome: 'answered' };
    case 'flow':
      return { caller: answered ? bye() : reject(480, 'Temporarily Unavailable', null), outcome: cause.outcome };
    case 'refusal': {
      const { status, reason, warning, outcome } = cause.refusal;
      return {
        caller: answered ? bye(toneFor(status)) : reject(status, reason, warning),
        outcome: reach === 'callee' ? 'answered' : outcome,
      };
    }
    case 'failure':
      return {
        caller: answered ? bye() : reject(500, 'Server Internal Error', 'the switch failed while routing the call'),
        outcome: reach === 'callee' ? 'answered' : 'failed',
      };
    case 'media':
      return {
        caller: answered ? bye() : reject(500, 'Server Internal Error', 'no media arrived'),
        outcome: reach === 'callee' ? 'answered' : 'failed',
      };
    case 'shutdown':
      return {
        caller: answered ? bye() : reject(503, 'Service Unavailable', 'the switch is shutting down'),
        outcome: reach === 'callee' ? 'answered' : 'failed',
      };
  }
}

/**
 * Issue 10: why the call ended, for the call log beside the outcome (domain `EndReason`, one
 * vocabulary). The same rows as {@link callEnd}:
 *
 * | cause     | nobody answered                  | answered (by the switch or a callee) |
 * |-----------|----------------------------------|--------------------------------------|
 * | caller    | cancelled (CANCEL, RFC 3261 §9)  | caller_hangup (BYE, §15)             |
 * | callee    | callee_hangup                    | callee_hangup                        |
 * | flow      | switch_hangup                    | switch_hangup                        |
 * | refusal   | by its outcome: missed → no_answer, busy → busy, rejected → rejected, else refused |
 * | failure   | failed                           | failed                               |
 * | media     | media_timeout                    | media_timeout                        |
 * | shutdown  | switch_shutdown                  | switch_shutdown                      |
 *
 * (`switch_restart` is not here: a switch that died decides nothing; the restarted one closes
 * the record, callRecordRules.ts `recordOnRestart`.)
 */
export function endReasonFor(cause: EndCause, reach: Reach): EndReason {
  switch (cause.by) {
    case 'caller':
      return reach === 'nobody' ? 'cancelled' : 'caller_hangup';
    case 'callee':
      return 'callee_hangup';
    case 'flow':
      return 'switch_hangup';
    case 'refusal':
      return refusalReason(cause.refusal.outcome);
    case 'failure':
      return 'failed';
    case 'media':
      return 'media_timeout';
    case 'shutdown':
      return 'switch_shutdown';
  }
}

function refusalReason(outcome: CallOutcome): EndReason {
  if (outcome === 'missed') return 'no_answer';
  if (outcome === 'busy' || outcome === 'rejected') return outcome;
  return 'refused';
}

function toneFor(status: number): CallProgressTone | null {
  if (status === 486 || status === 600) return 'busy';
  if (status === 603) return null;
  return 'congestion';
}

/** Why a waiting step stopped when the call's abort signal fired. */
export function abortedCause(signal: AbortSignal): EndCause {
  return signal.reason === 'shutdown' ? { by: 'shutdown' } : { by: 'caller' };
}

export const refusal = (status: number, reason: string, warning: string | null, outcome: CallOutcome): Refusal => ({
  status,
  reason,
  warning,
  outcome,
});

export const refuse = (r: Refusal): { kind: 'end'; cause: EndCause } => ({
  kind: 'end',
  cause: { by: 'refusal', refusal: r },
});

/** The call-log outcome of refusing a call sent somewhere because of `cause`. */
export function outcomeFor(cause: DestinationCause): CallOutcome {
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

/**
 * R58: the call-log outcome of a call the switch answered and then ended itself as configured (a
 * message played, a menu's hang-up), by why it was sent there. Nobody answered a user who did
 * not answer (`missed`), was busy (`busy`) or rejected it (`rejected`) — also when the caller
 * hangs up during the message; a call routed there (an unassigned number, an IVR key, closed
 * hours, a menu's no-input or invalid-key destination) was handled (`answered`).
 */
export function handledOutcome(cause: DestinationCause): CallOutcome {
  return cause === 'routed' ? 'answered' : outcomeFor(cause);
}

/**
 * The carrier's final answer to a call through a trunk, as the caller is told it: busy and
 * decline as such, no answer as 480, an unknown number as 404, anything else as 502 (the
 * switch is a gateway to the carrier, RFC 3261 §21.5.3).
 */
export function refusalForCarrierStatus(status: number): Refusal {
  if (status === 486 || status === 600) return refusal(486, 'Busy Here', null, 'busy');
  if (status === 603) return refusal(603, 'Decline', null, 'rejected');
  if (status === 408 || status === 480 || status === 487)
    return refusal(480, 'Temporarily Unavailable', 'the called number did not answer', 'missed');
  if (status === 404 || status === 484)
    return refusal(404, 'Not Found', 'the carrier does not know the number', 'failed');
  return refusal(502, 'Bad Gateway', `the carrier answered ${status}`, 'failed');
}
