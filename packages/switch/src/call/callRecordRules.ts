import type { CallDirection, CallOutcome, CallPathStep, CallRecord } from '@vaxel/domain';

export type NewCallRecord = Omit<CallRecord, 'id' | 'organisationId'>;

export interface CallStart {
  direction: CallDirection;
  at: Date;
  fromNumber: string;
  fromName: string | null;
  toNumber: string;
  fromUserId: string | null;
  /** R92: the caller dialled an emergency number. */
  emergency: boolean;
}

/** R58: the record written when the call arrives; outcome stays null while it lasts. */
export function recordOnStart(start: CallStart): NewCallRecord {
  return {
    direction: start.direction,
    startedAt: start.at.toISOString(),
    answeredAt: null,
    endedAt: null,
    fromNumber: start.fromNumber,
    fromName: start.fromName,
    toNumber: start.toNumber,
    fromUserId: start.fromUserId,
    toUserId: null,
    responseGroupId: null,
    ivrMenuId: null,
    answeredByUserId: null,
    outcome: null,
    waitSeconds: null,
    talkSeconds: null,
    path: [],
    recordingId: null,
    emergency: start.emergency,
  };
}

/** A step of the path (R58: IVR → group → agent); the first user reached is the callee. */
export function recordWithStep<R extends NewCallRecord>(record: R, step: CallPathStep): R {
  const next = { ...record, path: [...record.path, step] };
  if (step.type === 'user' && record.toUserId === null) next.toUserId = step.id;
  return next;
}

const seconds = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000));

/** Answer: the wait is the time from arrival to answer. */
export function recordOnAnswer<R extends NewCallRecord>(record: R, at: Date, answeredByUserId: string | null): R {
  if (record.answeredAt !== null) return record;
  return { ...record, answeredAt: at.toISOString(), answeredByUserId, waitSeconds: seconds(record.startedAt, at) };
}

/**
 * End: an answered call's outcome is `answered` whatever ended it; talk time runs from answer
 * to end. An unanswered call keeps the outcome the router decided and waited the whole time.
 * Ending twice keeps the first end (a late BYE after a timeout changes nothing).
 */
export function recordOnEnd<R extends NewCallRecord>(record: R, at: Date, unansweredOutcome: CallOutcome): R {
  if (record.endedAt !== null) return record;
  const endedAt = at.toISOString();
  if (record.answeredAt !== null) {
    return { ...record, endedAt, outcome: 'answered', talkSeconds: seconds(record.answeredAt, at) };
  }
  return { ...record, endedAt, outcome: unansweredOutcome, waitSeconds: seconds(record.startedAt, at), talkSeconds: 0 };
}

/**
 * Why an unanswered call ended, in R58's words:
 * - the caller hung up or cancelled while waiting → `abandoned`;
 * - a peer vanished or the switch failed → `failed`;
 * - otherwise the router's refusal carries its own outcome (busy, rejected, missed, failed).
 */
export type EndCause =
  | { by: 'caller' }
  | { by: 'failure'; detail: string }
  | { by: 'refusal'; outcome: CallOutcome }
  | { by: 'shutdown' };

export function unansweredOutcome(cause: EndCause): CallOutcome {
  switch (cause.by) {
    case 'caller':
      return 'abandoned';
    case 'failure':
    case 'shutdown':
      return 'failed';
    case 'refusal':
      return cause.outcome;
  }
}
