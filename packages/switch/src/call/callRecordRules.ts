import type { CallDirection, CallOutcome, CallPathStep, CallRecord, EndReason } from '@vaxel/domain';

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
  /** R14: a callback call names the call that asked for it, and the group it is for. */
  callbackFor?: { callId: string; responseGroupId: string };
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
    ...(start.callbackFor
      ? { callbackForCallId: start.callbackFor.callId, responseGroupId: start.callbackFor.responseGroupId }
      : {}),
  };
}

/**
 * A step of the path (R58: IVR → group → agent); the first user reached is the callee, the first
 * response group the call's group (R60: its statistics).
 */
export function recordWithStep<R extends NewCallRecord>(record: R, step: CallPathStep): R {
  const next = { ...record, path: [...record.path, step] };
  if (step.type === 'user' && record.toUserId === null) next.toUserId = step.id;
  if (step.type === 'responseGroup' && record.responseGroupId === null) next.responseGroupId = step.id;
  return next;
}

const seconds = (from: string, to: Date) => Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 1000));

/** Answer: the wait is the time from arrival to answer. */
export function recordOnAnswer<R extends NewCallRecord>(record: R, at: Date, answeredByUserId: string | null): R {
  if (record.answeredAt !== null) return record;
  return { ...record, answeredAt: at.toISOString(), answeredByUserId, waitSeconds: seconds(record.startedAt, at) };
}

/** A callee was bridged: the first person reached answered the call (after a menu the switch answered). */
export function recordOnBridge<R extends NewCallRecord>(record: R, answeredByUserId: string | null): R {
  if (record.answeredByUserId !== null || answeredByUserId === null) return record;
  return { ...record, answeredByUserId };
}

/**
 * End with the outcome and reason `call/endCauses.ts` decided, at `at`: when the call really
 * ended (a vanished peer's last RTP packet, not when its BYE timed out). Talk time runs from the
 * first bridge to a person (`talkFrom`) to the end — so the time a caller spent in a menu or
 * waiting in a group's queue with music is not talk — or, for a call the switch answered and
 * never bridged (a message, voicemail), from the answer; 0 when never answered. An unanswered
 * call waited the whole time. Ending twice keeps the first end (a late BYE after a timeout
 * changes nothing).
 */
export function recordOnEnd<R extends NewCallRecord>(
  record: R,
  at: Date,
  outcome: CallOutcome,
  reason: EndReason,
  talkFrom: Date | null = null,
): R {
  if (record.endedAt !== null) return record;
  // A last packet is never before the answer it followed; a clock step must not make time negative.
  const end =
    record.answeredAt !== null && at.getTime() < Date.parse(record.answeredAt) ? new Date(record.answeredAt) : at;
  const endedAt = end.toISOString();
  if (record.answeredAt !== null) {
    const from = talkFrom !== null && talkFrom.getTime() <= end.getTime() ? talkFrom.toISOString() : record.answeredAt;
    return { ...record, endedAt, outcome, endReason: reason, talkSeconds: seconds(from, end) };
  }
  return {
    ...record,
    endedAt,
    outcome,
    endReason: reason,
    waitSeconds: seconds(record.startedAt, end),
    talkSeconds: 0,
  };
}

/** The latest moment a record shows the call alive: its start, its answer or its last path step. */
export function lastKnownMoment(record: Pick<CallRecord, 'startedAt' | 'answeredAt' | 'path'>): Date {
  const moments = [record.startedAt, record.answeredAt, ...record.path.map((step) => step.at)]
    .filter((at): at is string => at !== null)
    .map((at) => Date.parse(at));
  return new Date(Math.max(...moments));
}

/**
 * Issue 10, R78: a record a killed switch left open, closed by the restarted one. The call ended
 * at the latest moment it is known to have been alive: the switch's last heartbeat, or the
 * record's own last moment when that is later (written after the last beat) or there is no beat.
 * Answered calls keep `answered` and talk from their answer; the others failed and waited the
 * whole time. Never a null time: the wait of an answered call is its time to answer when it had none.
 */
export function recordOnRestart<R extends NewCallRecord>(record: R, lastAlive: Date | null): R {
  if (record.endedAt !== null) return record;
  const known = lastKnownMoment(record);
  const at = lastAlive !== null && lastAlive.getTime() > known.getTime() ? lastAlive : known;
  const ended = recordOnEnd(record, at, record.answeredAt !== null ? 'answered' : 'failed', 'switch_restart');
  return ended.waitSeconds === null && record.answeredAt !== null
    ? { ...ended, waitSeconds: seconds(record.startedAt, new Date(record.answeredAt)) }
    : ended;
}
