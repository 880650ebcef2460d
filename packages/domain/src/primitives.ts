import { z } from 'zod';

/** Opaque identifiers: the store makes them, nobody parses them. */
export const Id = z.string().min(1).max(64).describe('Opaque identifier');
export type Id = z.infer<typeof Id>;

/** ITU-T E.164: a plus sign, a country code and at most 15 digits in all. */
export const E164 = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +46812345678')
  .describe(
    'Phone number in E.164 form (+46812345678). The API reads no national forms, so a request means the same number ' +
      'whatever organisation it is for; the console converts 070-123 45 67 and the like with the organisation’s country.',
  );
export type E164 = z.infer<typeof E164>;

export const NumberType = z.enum(['landline', 'mobile']);
export type NumberType = z.infer<typeof NumberType>;

export const Language = z.enum(['sv', 'en']).describe('Console and prompt language');
export type Language = z.infer<typeof Language>;

/** ISO 3166-1 alpha-2 country code, upper case (SE, GB, US, DE …). */
export const Country = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as SE')
  .describe('ISO 3166-1 alpha-2 country code');
export type Country = z.infer<typeof Country>;

/** BCP 47 tag as used for audio files and text-to-speech (sv-SE, en-GB, en). */
export const LanguageTag = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as sv-SE')
  .describe('BCP 47 language tag');
export type LanguageTag = z.infer<typeof LanguageTag>;

/** IANA time zone name, checked against the runtime's zone database. */
export const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Stockholm');

export const Extension = z.string().regex(/^\d{2,6}$/, 'must be 2 to 6 digits');

export const Timestamp = z.string().describe('ISO 8601 time with offset');

export const Package = z.enum(['light', 'unlimited']);
export type Package = z.infer<typeof Package>;

export const Licence = z.enum(['basic', 'pro']);
export type Licence = z.infer<typeof Licence>;

export const Permission = z.enum(['phone_system']);
export type Permission = z.infer<typeof Permission>;
