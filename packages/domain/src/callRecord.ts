import { z } from 'zod';
import { Id, Timestamp } from './primitives.ts';

export const CallDirection = z.enum(['inbound', 'outbound', 'internal']);
export type CallDirection = z.infer<typeof CallDirection>;

/**
 * R58. `callback`: the caller asked to be called back while waiting in a queue and the switch hung
 * up (R14); how the callback went is the outcome of the callback call's own record, which names
 * this one (`callbackForCallId`).
 */
export const CallOutcome = z.enum([
  'answered',
  'missed',
  'abandoned',
  'voicemail',
  'busy',
  'rejected',
  'failed',
  'callback',
]);
export type CallOutcome = z.infer<typeof CallOutcome>;

/**
 * Issue 10: why a call ended, beside its outcome (which says how it went). One vocabulary for the
 * switch (call/endCauses.ts decides it), the store, the API and the console:
 * - `caller_hangup` / `callee_hangup`: that party sent BYE (RFC 3261 §15);
 * - `cancelled`: the caller gave up before an answer (CANCEL, §9);
 * - `no_answer`, `busy`, `rejected`: the called party did not answer, was busy (486/600) or declined (603);
 * - `refused`: the switch refused the call (a rule, a limit, an unknown number);
 * - `switch_hangup`: the switch ended it as configured (a message played, a menu's hang-up);
 * - `media_timeout`: no RTP from a party for the RTP timeout, so the end is when media stopped;
 * - `failed`: something broke (no ACK, an error while routing);
 * - `switch_shutdown`: the switch was stopped during the call;
 * - `switch_restart`: the switch died during the call and closed the record when it started again,
 *   at the last moment it was known to be alive.
 */
export const EndReason = z.enum([
  'caller_hangup',
  'callee_hangup',
  'cancelled',
  'no_answer',
  'busy',
  'rejected',
  'refused',
  'switch_hangup',
  'media_timeout',
  'failed',
  'switch_shutdown',
  'switch_restart',
]);
export type EndReason = z.infer<typeof EndReason>;

/**
 * One step of the path a call took, e.g. IVR → key → group → agent (R58). A `key` step is what the
 * caller pressed in the IVR menu before it (`name`: the key, or the extension dialled; `id` null).
 * In a response group's queue, `agentOffered` is an agent whose phone rang for the call (`id` the
 * user, whether or not they answered; the one who answered follows as a `user` step), and
 * `callback` the caller asking to be called back (`name`: the number to call; `id` null).
 */
export const CallPathStep = z.object({
  type: z.enum([
    'ivrMenu',
    'responseGroup',
    'user',
    'voicemail',
    'externalNumber',
    'trunk',
    'key',
    'agentOffered',
    'callback',
  ]),
  id: z.string().nullable(),
  name: z.string(),
  at: Timestamp,
});
export type CallPathStep = z.infer<typeof CallPathStep>;

/**
 * R58: one call. `outcome` is null while the call is in progress; the switch writes the record
 * as it happens (start, answer, end).
 */
export const CallRecord = z.object({
  id: Id,
  organisationId: Id,
  direction: CallDirection,
  startedAt: Timestamp,
  answeredAt: Timestamp.nullable(),
  endedAt: Timestamp.nullable(),
  fromNumber: z.string(),
  fromName: z.string().nullable(),
  toNumber: z.string(),
  fromUserId: Id.nullable(),
  toUserId: Id.nullable(),
  responseGroupId: Id.nullable(),
  ivrMenuId: Id.nullable(),
  answeredByUserId: Id.nullable(),
  outcome: CallOutcome.nullable(),
  /** Issue 10: why the call ended; absent or null while it lasts (and on records from before 0012). */
  endReason: EndReason.nullable().optional(),
  waitSeconds: z.number().int().nullable(),
  talkSeconds: z.number().int().nullable(),
  path: z.array(CallPathStep),
  recordingId: Id.nullable(),
  /** R58, R76: the voicemail message the caller left; absent or null when none. */
  voicemailMessageId: Id.nullable().optional(),
  /**
   * R14: a call the switch placed to call a queued caller back carries the id of the call that
   * asked for it (whose path ends with a `callback` step), so the call log shows them as one
   * journey; absent or null on every other call.
   */
  callbackForCallId: Id.nullable().optional(),
  /** R92: a user's call to an emergency number (always placed, whatever the outbound rules). */
  emergency: z.boolean(),
});
export type CallRecord = z.infer<typeof CallRecord>;

/** R59 filters. `number` matches either party; `userId` any user involved. */
export const CallSearch = z
  .object({
    from: Timestamp.optional().describe('Start of the time range (inclusive)'),
    to: Timestamp.optional().describe('End of the time range (exclusive)'),
    number: z
      .string()
      .regex(/^\+?\d{1,16}$/, 'digits, optionally with a leading +')
      .optional(),
    userId: Id.optional(),
    responseGroupId: Id.optional(),
    direction: CallDirection.optional(),
    outcome: CallOutcome.optional(),
    /** Only emergency calls (true) or only other calls (false). */
    emergency: z.boolean().optional(),
    /** The callback calls placed for this call (R14). */
    callbackForCallId: Id.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type CallSearch = z.infer<typeof CallSearch>;

export const CallPage = z.object({ calls: z.array(CallRecord), nextCursor: z.string().nullable() });
export type CallPage = z.infer<typeof CallPage>;

/** R60 statistics, bucketed in the organisation's time zone. */
export const CallStatistics = z.object({
  bucket: z.enum(['hour', 'day']),
  series: z.array(
    z.object({ start: z.string(), answered: z.number().int(), missed: z.number().int(), other: z.number().int() }),
  ),
  waitTimeHistogram: z.array(
    z.object({ fromSeconds: z.number().int(), toSeconds: z.number().int().nullable(), calls: z.number().int() }),
  ),
  byResponseGroup: z.array(
    z.object({ responseGroupId: Id, name: z.string(), answered: z.number().int(), missed: z.number().int() }),
  ),
});
export type CallStatistics = z.infer<typeof CallStatistics>;

/** Outcomes that count as missed in statistics. */
export const missedOutcomes: CallOutcome[] = ['missed', 'abandoned', 'voicemail', 'busy', 'rejected'];
