import { z } from 'zod';
import { Country, Id, Language, Timestamp } from './primitives.ts';
import { EmailAddress } from './user.ts';

/**
 * A password as sent: the policy (passwordPolicy.ts) judges it in the service, so the person is
 * told why in the field's error; the bound here only keeps absurd bodies away from the hash.
 */
const PasswordInput = z.string().min(1, 'enter a password').max(1000);

export const LoginRequest = z.object({ email: EmailAddress, password: z.string().min(1).max(1000) }).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Membership = z.object({
  organisationId: Id,
  organisationName: z.string(),
  userId: Id,
  language: Language,
  timeZone: z.string(),
  country: Country,
  permissions: z.array(z.string()),
});
export type Membership = z.infer<typeof Membership>;

export const Me = z.object({
  accountId: Id,
  email: z.string(),
  name: z.string(),
  /** The organisations the person has joined; pending invitations are not memberships yet. */
  organisations: z.array(Membership),
});
export type Me = z.infer<typeof Me>;

/** An invitation as its creator sees it, once: the token is never stored, only its SHA-256. */
export const InvitationIssued = z.object({
  token: z.string(),
  /** The console page that accepts it (VAXEL_PUBLIC_URL + /invitation/{token}). */
  url: z.string(),
  expiresAt: Timestamp,
  /** Whether it was e-mailed to the person (only when VAXEL_SMTP_URL is configured). */
  emailed: z.boolean(),
});
export type InvitationIssued = z.infer<typeof InvitationIssued>;

/** What the holder of an invitation link sees before accepting it. */
export const InvitationDetails = z.object({
  organisationName: z.string(),
  name: z.string(),
  email: z.string(),
  expiresAt: Timestamp,
  /**
   * `new`: no account yet, accepting chooses its password. `existing`: the person already has a
   * Växel account (in another organisation); accepting needs that account's password or a session.
   */
  account: z.enum(['new', 'existing']),
  /** The request came with a session of the invited account: accepting needs no password. */
  signedIn: z.boolean(),
});
export type InvitationDetails = z.infer<typeof InvitationDetails>;

export const InvitationAccept = z
  .object({
    password: PasswordInput.optional().describe('New account: the chosen password. Existing account: its password.'),
  })
  .strict();
export type InvitationAccept = z.infer<typeof InvitationAccept>;

export const PasswordChange = z
  .object({ currentPassword: z.string().min(1, 'enter your current password').max(1000), newPassword: PasswordInput })
  .strict();
export type PasswordChange = z.infer<typeof PasswordChange>;

export const PasswordResetRequest = z.object({ email: EmailAddress }).strict();
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const PasswordResetDetails = z.object({ email: z.string(), expiresAt: Timestamp });
export type PasswordResetDetails = z.infer<typeof PasswordResetDetails>;

export const PasswordResetComplete = z.object({ password: PasswordInput }).strict();
export type PasswordResetComplete = z.infer<typeof PasswordResetComplete>;

/** A reset link made for the operator to hand over (there is no other way without e-mail). */
export const PasswordResetIssued = z.object({ token: z.string(), url: z.string(), expiresAt: Timestamp });
export type PasswordResetIssued = z.infer<typeof PasswordResetIssued>;

/** A login session of the account; `id` is public and is neither the token nor its hash. */
export const Session = z.object({
  id: Id,
  createdAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp,
  address: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
export type Session = z.infer<typeof Session>;
