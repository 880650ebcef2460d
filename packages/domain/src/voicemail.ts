import { z } from 'zod';
import { emergencyExtensionProblem } from './extensionRules.ts';
import type { PhoneNumber } from './organisation.ts';
import { E164, Extension, Id, Timestamp } from './primitives.ts';

/**
 * Voicemail (R17, R31, R76): a box per user and per response group, its messages, the PIN that
 * opens it by phone, and the organisation's voicemail access (the number or extension that asks
 * for a box and its PIN from any phone).
 */

/** Whose box: a user's own, or a response group's (R17). */
export const VoicemailBoxOwner = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), userId: Id }).strict(),
  z.object({ type: z.literal('responseGroup'), responseGroupId: Id }).strict(),
]);
export type VoicemailBoxOwner = z.infer<typeof VoicemailBoxOwner>;

/**
 * A box's id in URLs: the owner's type and id, `user-<userId>` or `responseGroup-<groupId>`. Stable
 * (a box lives as long as its owner) and URL-safe without escaping, since store ids are UUIDs.
 */
export const VoicemailBoxId = z
  .string()
  .max(80)
  .regex(
    /^(user|responseGroup)-[A-Za-z0-9_.-]{1,64}$/,
    'must be a box id such as user-<userId> or responseGroup-<groupId>',
  )
  .describe('A voicemail box: user-<userId> or responseGroup-<groupId>');

export function voicemailBoxId(owner: VoicemailBoxOwner): string {
  return owner.type === 'user' ? `user-${owner.userId}` : `responseGroup-${owner.responseGroupId}`;
}

/** The owner a box id names, or null when the text is no box id. */
export function parseVoicemailBoxId(boxId: string): VoicemailBoxOwner | null {
  if (!VoicemailBoxId.safeParse(boxId).success) return null;
  const dash = boxId.indexOf('-');
  const type = boxId.slice(0, dash);
  const id = boxId.slice(dash + 1);
  return type === 'user' ? { type: 'user', userId: id } : { type: 'responseGroup', responseGroupId: id };
}

export function sameVoicemailBox(a: VoicemailBoxOwner, b: VoicemailBoxOwner): boolean {
  return voicemailBoxId(a) === voicemailBoxId(b);
}

/** A box as the API lists it: whose it is, what it holds, whether it can be opened by phone. */
export const VoicemailBox = z.object({
  id: VoicemailBoxId,
  owner: VoicemailBoxOwner,
  /** The user's or the group's name. */
  name: z.string(),
  /** What the voicemail access asks for: the user's extension, or the group's numeric id. */
  extension: z.string(),
  newMessages: z.number().int(),
  savedMessages: z.number().int(),
  /** Whether a PIN is set, so the box opens from any phone through the voicemail access. */
  hasPin: z.boolean(),
});
export type VoicemailBox = z.infer<typeof VoicemailBox>;

export const VoicemailMessage = z.object({
  id: Id,
  boxId: VoicemailBoxId,
  /** The call-log record of the call that left it. */
  callId: Id.nullable(),
  fromNumber: z.string(),
  fromName: z.string().nullable(),
  receivedAt: Timestamp,
  durationMs: z.number().int(),
  /** Listened to (or marked so) in the console or by phone; new messages are unread. */
  read: z.boolean(),
});
export type VoicemailMessage = z.infer<typeof VoicemailMessage>;

export const VoicemailMessageUpdate = z.object({ read: z.boolean() }).strict();
export type VoicemailMessageUpdate = z.infer<typeof VoicemailMessageUpdate>;

/** 4 to 8 digits: what a phone's keypad can enter. */
export const VoicemailPin = z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits');
export const VoicemailPinUpdate = z.object({ pin: VoicemailPin }).strict();
export type VoicemailPinUpdate = z.infer<typeof VoicemailPinUpdate>;

/**
 * The organisation's voicemail access (call-routing defaults): one of its numbers, free of any
 * assignment, or an extension no user has; null when there is none.
 */
export const VoicemailAccess = z.union([E164, Extension]).nullable();
export type VoicemailAccess = z.infer<typeof VoicemailAccess>;

/** What a voicemail access number or extension must not clash with (R3, R10, R92). */
export interface VoicemailAccessFacts {
  numbers: ReadonlyMap<string, PhoneNumber>;
  userExtensions: ReadonlyMap<string, string>;
  country: string;
}

/** Why `access` cannot be the voicemail access, or null when it can. */
export function voicemailAccessProblem(access: string, facts: VoicemailAccessFacts): string | null {
  if (access.startsWith('+')) {
    const entry = facts.numbers.get(access);
    if (!entry) return `${access} is not one of the organisation's numbers`;
    if (entry.assignment) return `${access} is already assigned to ${entry.assignment.name}`;
    return null;
  }
  const holder = facts.userExtensions.get(access);
  if (holder !== undefined) return `${access} is the extension of ${holder}`;
  return emergencyExtensionProblem(access, facts.country);
}

/**
 * Guessing a PIN by phone (R76): a call gets `attemptsPerCall` tries and is then hung up; a box
 * with `maxFailures` wrong PINs within `windowMs` refuses PIN entry for `lockMs` after the last.
 */
export const voicemailPinThrottle = {
  attemptsPerCall: 3,
  maxFailures: 10,
  windowMs: 60 * 60_000,
  lockMs: 15 * 60_000,
} as const;

/** Until when a box refuses PIN entry, given its failures within the window; null when it accepts. */
export function pinLockedUntil(failures: { count: number; lastAt: string | null }, now: Date): Date | null {
  if (failures.count < voicemailPinThrottle.maxFailures || failures.lastAt === null) return null;
  const until = new Date(Date.parse(failures.lastAt) + voicemailPinThrottle.lockMs);
  return until > now ? until : null;
}
