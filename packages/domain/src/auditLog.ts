import { z } from 'zod';
import { Id, Timestamp } from './primitives.ts';

/**
 * The audit log: who changed which setting when and from where, and the security events of
 * accounts (logins, failed logins, password changes, invitations). Entries are written once and
 * never changed; secrets never appear in them (the API redacts them before an entry is written).
 */

/** Who did it: a person's account, the operator (platform token) or Växel itself. */
export const AuditActorKind = z.enum(['account', 'operator', 'system']);
export type AuditActorKind = z.infer<typeof AuditActorKind>;

/** The actor as they were at the time: a later change of name or email does not rewrite history. */
export const AuditActor = z.object({
  kind: AuditActorKind,
  accountId: Id.nullable(),
  name: z.string(),
  email: z.string().nullable(),
});
export type AuditActor = z.infer<typeof AuditActor>;

/** What changed in one field: `before` is absent for a create, `after` for a delete. */
export const AuditChange = z.object({
  field: z.string().describe('Dotted path of the field, e.g. name or settings.queue.maxWaitSeconds'),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type AuditChange = z.infer<typeof AuditChange>;

/** Actions of setting changes; security events use their event type (login_failed …) as action. */
export const settingActions = ['create', 'update', 'delete'] as const;
export type SettingAction = (typeof settingActions)[number];

export const AuditEntry = z
  .object({
    id: Id,
    organisationId: Id.nullable().describe('Null for platform events (operator trunks, logins of unknown emails)'),
    at: Timestamp,
    actor: AuditActor,
    sourceAddress: z.string().nullable().describe('IP address the request came from'),
    action: z
      .string()
      .describe('create, update, delete, or a security event type such as login_succeeded, login_failed'),
    objectType: z
      .string()
      .describe('user, team, responseGroup, ivrMenu, audioFile, displayNumber, recordingPolicy, account …'),
    objectId: z.string().nullable(),
    objectName: z.string().nullable().describe('Display name of the object at the time'),
    changes: z.array(AuditChange),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** Filters of the audit log, combined with AND; newest first, paged by cursor. */
export const AuditSearch = z
  .object({
    objectType: z.string().min(1).max(64).optional(),
    objectId: z.string().min(1).max(200).optional(),
    actorAccountId: Id.optional().describe('Entries caused by this person'),
    from: Timestamp.optional().describe('Start of the time range (inclusive)'),
    to: Timestamp.optional().describe('End of the time range (exclusive)'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type AuditSearch = z.infer<typeof AuditSearch>;

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
