import { z } from 'zod';
import { E164, Extension, Id, Licence, Permission, Timestamp } from './primitives.ts';
import { DisplayName } from './text.ts';

/** Secrets are at least 12 characters; SIP phones are attacked by scanners day and night. */
export const Secret = z.string().min(12, 'must be at least 12 characters').max(128);

/** An email address as typed: surrounding spaces dropped, compared and kept in lower case. */
export const EmailAddress = z.string().trim().toLowerCase().pipe(z.email());

/**
 * `pending`: invited, not yet accepted; the person cannot log in to the organisation until they
 * accept the invitation (their account and password are theirs, never the inviting admin's).
 */
export const MembershipStatus = z.enum(['active', 'pending']);
export type MembershipStatus = z.infer<typeof MembershipStatus>;

export const User = z.object({
  id: Id,
  organisationId: Id,
  name: z.string(),
  email: z.string(),
  licence: Licence,
  permissions: z.array(Permission),
  extension: z.string(),
  mobileNumber: E164.nullable(),
  landlineNumber: E164.nullable(),
  /** Made by the server (3CX-style authentication ID): random, unique platform-wide, [a-z0-9]. */
  sipUsername: z.string(),
  hasSipPassword: z.boolean(),
  teamIds: z.array(Id),
  status: MembershipStatus,
  /** When the pending invitation stops working (null for active users). */
  invitationExpiresAt: Timestamp.nullable(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

const userFields = {
  name: DisplayName,
  email: EmailAddress,
  licence: Licence,
  permissions: z.array(Permission).max(10),
  extension: Extension,
  mobileNumber: E164.nullable(),
  landlineNumber: E164.nullable(),
  sipPassword: Secret,
  teamIds: z.array(Id).max(100),
};

export const UserCreate = z
  .object({
    ...userFields,
    licence: Licence.default('basic'),
    permissions: z.array(Permission).max(10).default([]),
    mobileNumber: E164.nullable().default(null),
    landlineNumber: E164.nullable().default(null),
    sipPassword: Secret.optional(),
    teamIds: z.array(Id).max(100).default([]),
  })
  .strict();
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.object(userFields).partial().strict();
export type UserUpdate = z.infer<typeof UserUpdate>;

export const Team = z.object({
  id: Id,
  organisationId: Id,
  name: z.string(),
  memberIds: z.array(Id),
});
export type Team = z.infer<typeof Team>;

export const TeamCreate = z.object({ name: DisplayName, memberIds: z.array(Id).max(1000).default([]) }).strict();
export type TeamCreate = z.infer<typeof TeamCreate>;
export const TeamUpdate = z
  .object({ name: DisplayName, memberIds: z.array(Id).max(1000) })
  .partial()
  .strict();
export type TeamUpdate = z.infer<typeof TeamUpdate>;
