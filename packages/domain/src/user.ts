import { z } from 'zod';
import { E164, Extension, Id, Licence, Permission, Timestamp } from './primitives.ts';
import { DisplayName } from './text.ts';

/** RFC 3261 user part we accept for SIP device usernames: unreserved characters only. */
export const SipUsername = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{3,64}$/, 'must be 3 to 64 letters, digits, dots, dashes or underscores');

/** Secrets are at least 12 characters; SIP phones are attacked by scanners day and night. */
export const Secret = z.string().min(12, 'must be at least 12 characters').max(128);

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
  sipUsername: z.string(),
  hasSipPassword: z.boolean(),
  teamIds: z.array(Id),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

const userFields = {
  name: DisplayName,
  email: z.email(),
  licence: Licence,
  permissions: z.array(Permission).max(10),
  extension: Extension,
  mobileNumber: E164.nullable(),
  landlineNumber: E164.nullable(),
  sipUsername: SipUsername,
  sipPassword: Secret,
  password: Secret.describe('Console login password (write-only)'),
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
    password: Secret.optional(),
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

export const TeamCreate = z
  .object({ name: DisplayName, memberIds: z.array(Id).max(1000).default([]) })
  .strict();
export type TeamCreate = z.infer<typeof TeamCreate>;
export const TeamUpdate = z
  .object({ name: DisplayName, memberIds: z.array(Id).max(1000) })
  .partial()
  .strict();
export type TeamUpdate = z.infer<typeof TeamUpdate>;
