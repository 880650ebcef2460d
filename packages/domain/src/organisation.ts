import { z } from 'zod';
import { Country, E164, Id, Language, NumberType, Package, TimeZone, Timestamp } from './primitives.ts';
import { DisplayName } from './text.ts';

export const Organisation = z.object({
  id: Id,
  name: z.string(),
  timeZone: z.string(),
  language: Language,
  /** Where the organisation is: national numbers and emergency numbers are read the way this country dials them. */
  country: Country,
  package: Package,
  createdAt: Timestamp,
});
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationCreate = z
  .object({
    name: DisplayName,
    timeZone: TimeZone.default('Europe/Stockholm'),
    language: Language.default('sv'),
    country: Country.default('SE'),
    package: Package.default('light'),
  })
  .strict();
export type OrganisationCreate = z.infer<typeof OrganisationCreate>;

export const OrganisationUpdate = z
  .object({
    name: DisplayName,
    timeZone: TimeZone,
    language: Language,
    country: Country,
    package: Package,
  })
  .partial()
  .strict();
export type OrganisationUpdate = z.infer<typeof OrganisationUpdate>;

/** What a number is used for; at most one thing at a time (see numberRules.ts). */
export const NumberAssignment = z.discriminatedUnion('type', [
  z.object({ type: z.literal('userMobile'), userId: Id, name: z.string() }),
  z.object({ type: z.literal('userLandline'), userId: Id, name: z.string() }),
  z.object({ type: z.literal('responseGroup'), responseGroupId: Id, name: z.string() }),
  z.object({ type: z.literal('ivrMenu'), ivrMenuId: Id, name: z.string() }),
]);
export type NumberAssignment = z.infer<typeof NumberAssignment>;

export const PhoneNumber = z.object({
  number: E164,
  type: NumberType,
  organisationId: Id,
  assignment: NumberAssignment.nullable(),
});
export type PhoneNumber = z.infer<typeof PhoneNumber>;

export const NumberAllocation = z
  .object({
    numbers: z
      .array(z.object({ number: E164, type: NumberType }).strict())
      .min(1)
      .max(1000),
  })
  .strict();
export type NumberAllocation = z.infer<typeof NumberAllocation>;
