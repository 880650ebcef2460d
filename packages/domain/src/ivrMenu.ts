import { z } from 'zod';
import { Destination } from './destination.ts';
import { E164, Id, LanguageTag } from './primitives.ts';
import { Prompt } from './prompt.ts';
import { Schedule } from './schedule.ts';
import { DisplayName } from './text.ts';

export const MenuKey = z.enum(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']);
export type MenuKey = z.infer<typeof MenuKey>;
export const menuKeys = MenuKey.options;

/** R21: a destination per key; keys left out do nothing but count as an invalid choice. */
export const KeyMap = z.partialRecord(MenuKey, Destination);
export type KeyMap = z.infer<typeof KeyMap>;

/**
 * R23 Advanced settings. After `maxRetries` repeats without input (or with invalid keys) the call
 * goes to `noInputDestination` (or `invalidKeyDestination`).
 */
export const IvrAdvancedSettings = z
  .object({
    inputTimeoutSeconds: z.number().int().min(1).max(60),
    maxRetries: z.number().int().min(0).max(10),
    noInputDestination: Destination,
    invalidKeyDestination: Destination,
    allowExtensionDialling: z.boolean(),
    ttsLanguage: LanguageTag,
  })
  .strict();
export type IvrAdvancedSettings = z.infer<typeof IvrAdvancedSettings>;

export const IvrMenu = z.object({
  id: Id,
  organisationId: Id,
  name: z.string(),
  number: E164.nullable(),
  billingNumber: E164.nullable(),
  prompts: z.array(Prompt),
  keys: KeyMap,
  openingHours: Schedule.nullable(),
  closedPrompt: Prompt.nullable(),
  closedDestination: Destination,
  advanced: IvrAdvancedSettings,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IvrMenu = z.infer<typeof IvrMenu>;

const ivrFields = {
  name: DisplayName,
  number: E164.nullable().describe('The number callers ring; null for a sub-menu reached from another menu'),
  billingNumber: E164.nullable(),
  prompts: z.array(Prompt).min(1).max(10),
  keys: KeyMap,
  openingHours: Schedule.nullable(),
  closedPrompt: Prompt.nullable(),
  closedDestination: Destination,
  advanced: IvrAdvancedSettings.partial().strict(),
};

export const IvrMenuCreate = z
  .object({
    ...ivrFields,
    billingNumber: E164.nullable().optional(),
    keys: KeyMap.default({}),
    openingHours: Schedule.nullable().default(null),
    closedPrompt: Prompt.nullable().default(null),
    closedDestination: Destination.default({ type: 'hangup' }),
    advanced: IvrAdvancedSettings.partial().strict().default({}),
  })
  .strict();
export type IvrMenuCreate = z.infer<typeof IvrMenuCreate>;

export const IvrMenuUpdate = z.object(ivrFields).partial().strict();
export type IvrMenuUpdate = z.infer<typeof IvrMenuUpdate>;

export function defaultIvrAdvancedSettings(language: 'sv' | 'en'): IvrAdvancedSettings {
  return {
    inputTimeoutSeconds: 5,
    maxRetries: 2,
    noInputDestination: { type: 'hangup' },
    invalidKeyDestination: { type: 'hangup' },
    allowExtensionDialling: false,
    ttsLanguage: language === 'sv' ? 'sv-SE' : 'en-GB',
  };
}
