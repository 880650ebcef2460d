import { z } from 'zod';
import { Id, Timestamp } from './primitives.ts';

export const CallDirection = z.enum(['inbound', 'outbound', 'internal']);
export type CallDirection = z.infer<typeof CallDirection>;

/**
 * R58. `callback`: the caller asked to be called back while waiting in a queue and the switch hung
 * up (R14); how the callback went is the outcome of the callback call's own record, which names
 * this one (`callbackForCallId`).
 */
export const CallOutcome = z.enum(['answered', 'missed', 'abandoned', 'voicemail', 'busy', 'rejected', 'failed', 'callback']);
export type CallOutcome = z.infer<typeof CallOutcome>;

/**
 * One step of the path a call took, e.g. IVR → key → group → agent (R58). A `key` step is what the
 * caller pressed in the IVR menu before it (`name`: the key, or the extension dialled; `id` null).
 * In a response group's queue, `agentOffered` is an agent whose phone rang for the call (`id` the
 * user, whether or not they answered; the one who answered follows as a `user` step), and
 * `callback` the caller asking to be called back (`name`: the number to call; `id` null).
 */
export const CallPathStep = z.object({
  type: z.enum(['ivrMenu', 'responseGroup', 'user', 'voicemail', 'externalNumber', 'trunk', 'key', 'agentOffered', 'callback']),
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
    number: z.string().regex(/^\+?\d{1,16}$/, 'digits, optionally with a leading +').optional(),
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
  series: z.array(z.object({ start: z.string(), answered: z.number().int(), missed: z.number().int(), other: z.number().int() })),
  waitTimeHistogram: z.array(z.object({ fromSeconds: z.number().int(), toSeconds: z.number().int().nullable(), calls: z.number().int() })),
  byResponseGroup: z.array(z.object({ responseGroupId: Id, name: z.string(), answered: z.number().int(), missed: z.number().int() })),
});
export type CallStatistics = z.infer<typeof CallStatistics>;

/** Outcomes that count as missed in statistics. */
export const missedOutcomes: CallOutcome[] = ['missed', 'abandoned', 'voicemail', 'busy', 'rejected'];
