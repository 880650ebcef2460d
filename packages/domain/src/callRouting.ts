import { z } from 'zod';
import { Destination } from './destination.ts';
import { E164 } from './primitives.ts';
import { Prompt } from './prompt.ts';
import { VoicemailAccess } from './voicemail.ts';

export const CallerIdType = z.enum(['mobile', 'landline']);
export type CallerIdType = z.infer<typeof CallerIdType>;

/**
 * A user's call handling, R31–R34 and R36. The organisation keeps one set (the defaults, R30);
 * each user follows the default for every field they have not set themselves.
 */
export const RoutingSettings = z
  .object({
    /** R31: null means the switch's built-in greeting. */
    voicemailGreeting: Prompt.nullable(),
    /** R32 */
    ringSeconds: z.number().int().min(5).max(300),
    unansweredDestination: Destination,
    /** R33 */
    callWaiting: z.boolean(),
    busyDestination: Destination,
    /** R34: voicemail, play a message and hang up, busy tone, or forward (externalNumber). */
    rejectedDestination: Destination,
    /** R36 */
    callerIdType: CallerIdType,
  })
  .strict();
export type RoutingSettings = z.infer<typeof RoutingSettings>;
export type RoutingField = keyof RoutingSettings;
export const routingFields = RoutingSettings.keyof().options;

/** R35: calls to the organisation's numbers that are assigned to nothing. */
export const UnassignedNumberRule = z.discriminatedUnion('action', [
  z.object({ action: z.literal('reject') }).strict(),
  z.object({ action: z.literal('playMessage'), prompt: Prompt }).strict(),
  z.object({ action: z.literal('route'), destination: Destination }).strict(),
]);
export type UnassignedNumberRule = z.infer<typeof UnassignedNumberRule>;

export const CallRoutingDefaults = RoutingSettings.extend({
  unassignedNumbers: UnassignedNumberRule,
  /** R76: the number or extension that opens any box with its extension and PIN; null: none. */
  voicemailAccess: VoicemailAccess,
}).strict();
export type CallRoutingDefaults = z.infer<typeof CallRoutingDefaults>;
export const CallRoutingDefaultsUpdate = CallRoutingDefaults.partial().strict();
export type CallRoutingDefaultsUpdate = z.infer<typeof CallRoutingDefaultsUpdate>;

/** What a user has set themselves; a field left out follows the organisation's default. */
export const RoutingOverrides = RoutingSettings.partial().strict();
export type RoutingOverrides = z.infer<typeof RoutingOverrides>;

/**
 * A user's routing as the API shows it: the value in force for every field, which fields follow
 * the default, and the caller ID (display number) they chose to present (R55).
 */
export const UserRouting = z.object({
  effective: RoutingSettings,
  overrides: RoutingOverrides,
  followsDefault: z.array(RoutingSettings.keyof()),
  callerIdNumber: E164.nullable(),
});
export type UserRouting = z.infer<typeof UserRouting>;

/**
 * Update of a user's routing: set fields to override; list fields in `followDefault` to go back
 * to the organisation's default (R30).
 */
export const UserRoutingUpdate = z
  .object({
    overrides: RoutingOverrides.default({}),
    followDefault: z.array(RoutingSettings.keyof()).default([]),
    callerIdNumber: E164.nullable().optional(),
  })
  .strict();
export type UserRoutingUpdate = z.infer<typeof UserRoutingUpdate>;

export function factoryCallRoutingDefaults(): CallRoutingDefaults {
  return {
    voicemailGreeting: null,
    ringSeconds: 25,
    unansweredDestination: { type: 'voicemail' },
    callWaiting: true,
    busyDestination: { type: 'voicemail' },
    rejectedDestination: { type: 'busyTone' },
    callerIdType: 'landline',
    unassignedNumbers: { action: 'reject' },
    voicemailAccess: null,
  };
}

/**
 * R30: the value in force is the user's own where they set one, else the default. Both were
 * validated when saved; they are not parsed again here, since the switch asks on every call and a
 * rule made stricter later (text, schedules) must not turn settings saved before it into failed calls.
 */
export function effectiveRouting(defaults: RoutingSettings, overrides: RoutingOverrides): RoutingSettings {
  const effective = { ...defaults };
  for (const field of routingFields) {
    if (overrides[field] !== undefined) (effective as Record<string, unknown>)[field] = overrides[field];
  }
  return pickRouting(effective);
}

export function pickRouting(settings: RoutingSettings | CallRoutingDefaults): RoutingSettings {
  const out: Record<string, unknown> = {};
  for (const field of routingFields) out[field] = settings[field];
  return out as RoutingSettings;
}

/** Applies an update to a user's overrides: new values first, then the fields that follow the default again. */
export function applyRoutingUpdate(overrides: RoutingOverrides, update: UserRoutingUpdate): RoutingOverrides {
  const next: RoutingOverrides = { ...overrides, ...update.overrides };
  for (const field of update.followDefault) delete next[field];
  return next;
}
