import { z } from 'zod';
import { Id, Timestamp } from './primitives.ts';
import { Prompt } from './prompt.ts';
import { CallDirection } from './callRecord.ts';

export const RecordingMode = z.enum(['off', 'always', 'onDemand']);
export type RecordingMode = z.infer<typeof RecordingMode>;

export const RecordingScope = z.discriminatedUnion('type', [
  z.object({ type: z.literal('organisation') }).strict(),
  z.object({ type: z.literal('responseGroup'), responseGroupId: Id }).strict(),
  z.object({ type: z.literal('user'), userId: Id }).strict(),
]);
export type RecordingScope = z.infer<typeof RecordingScope>;

/** R56: recording policy per organisation, group and user. */
export const RecordingPolicy = z.object({
  id: Id,
  organisationId: Id,
  scope: RecordingScope,
  mode: RecordingMode,
  announcement: Prompt.nullable(),
  retentionDays: z.number().int(),
});
export type RecordingPolicy = z.infer<typeof RecordingPolicy>;

export const RecordingPolicyCreate = z
  .object({
    scope: RecordingScope,
    mode: RecordingMode,
    announcement: Prompt.nullable().default(null),
    retentionDays: z.number().int().min(1).max(3650).default(90),
  })
  .strict();
export type RecordingPolicyCreate = z.infer<typeof RecordingPolicyCreate>;

export const RecordingPolicyUpdate = z
  .object({ mode: RecordingMode, announcement: Prompt.nullable(), retentionDays: z.number().int().min(1).max(3650) })
  .partial()
  .strict();
export type RecordingPolicyUpdate = z.infer<typeof RecordingPolicyUpdate>;

/** R57: a recorded call. */
export const Recording = z.object({
  id: Id,
  organisationId: Id,
  callId: Id,
  durationMs: z.number().int(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type Recording = z.infer<typeof Recording>;

/**
 * Which policy governs a call: the user's, else the group's, else the organisation's, else off.
 * Most specific wins so a team can record while the rest of the company does not.
 */
export function governingPolicy(
  policies: RecordingPolicy[],
  call: { userId?: string | null; responseGroupId?: string | null },
): RecordingPolicy | null {
  const byUser = call.userId
    ? policies.find((p) => p.scope.type === 'user' && p.scope.userId === call.userId)
    : undefined;
  const byGroup = call.responseGroupId
    ? policies.find((p) => p.scope.type === 'responseGroup' && p.scope.responseGroupId === call.responseGroupId)
    : undefined;
  const byOrg = policies.find((p) => p.scope.type === 'organisation');
  return byUser ?? byGroup ?? byOrg ?? null;
}

const dayMs = 86_400_000;

/** R56: when a recording made at `createdAt` under a policy keeping it `retentionDays` is deleted. */
export function recordingExpiresAt(createdAt: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError(`retention of ${retentionDays} days`);
  return new Date(createdAt.getTime() + retentionDays * dayMs);
}

/** The call a recording belongs to, as the recordings page shows it (from, to, when). */
export const RecordedCall = z.object({
  direction: CallDirection,
  startedAt: Timestamp,
  fromNumber: z.string(),
  fromName: z.string().nullable(),
  toNumber: z.string(),
  fromUserId: Id.nullable(),
  toUserId: Id.nullable(),
  answeredByUserId: Id.nullable(),
  responseGroupId: Id.nullable(),
});
export type RecordedCall = z.infer<typeof RecordedCall>;

/** A recording with its call (null when the call-log record is gone). */
export const RecordingListing = Recording.extend({ call: RecordedCall.nullable() });
export type RecordingListing = z.infer<typeof RecordingListing>;
