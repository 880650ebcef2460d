import { z } from 'zod';
import { Country, Id, Language } from './primitives.ts';

export const LoginRequest = z.object({ email: z.email(), password: z.string().min(1).max(200) }).strict();
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
  organisations: z.array(Membership),
});
export type Me = z.infer<typeof Me>;
