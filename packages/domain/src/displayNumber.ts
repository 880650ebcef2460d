import { z } from 'zod';
import { E164, Id } from './primitives.ts';

/** R50–R55: an organisation number that chosen users and teams may present as caller ID. */
export const DisplayNumber = z.object({
  id: Id,
  organisationId: Id,
  number: E164,
  userIds: z.array(Id),
  teamIds: z.array(Id),
  /** Set when the number belongs to a response group (R52, R54). */
  responseGroupId: Id.nullable(),
  grantToGroupAgents: z.boolean(),
  grantToGroupSupervisors: z.boolean(),
});
export type DisplayNumber = z.infer<typeof DisplayNumber>;

export const DisplayNumberCreate = z
  .object({
    number: E164,
    userIds: z.array(Id).max(1000).default([]),
    teamIds: z.array(Id).max(200).default([]),
    grantToGroupAgents: z.boolean().default(false),
    grantToGroupSupervisors: z.boolean().default(false),
  })
  .strict();
export type DisplayNumberCreate = z.infer<typeof DisplayNumberCreate>;

export const DisplayNumberUpdate = z
  .object({
    userIds: z.array(Id).max(1000),
    teamIds: z.array(Id).max(200),
    grantToGroupAgents: z.boolean(),
    grantToGroupSupervisors: z.boolean(),
  })
  .partial()
  .strict();
export type DisplayNumberUpdate = z.infer<typeof DisplayNumberUpdate>;
