import { z } from 'zod';
import { Destination } from './destination.ts';
import { E164, Id } from './primitives.ts';
import { Prompt } from './prompt.ts';
import { Schedule } from './schedule.ts';
import { DisplayName } from './text.ts';

/** R11: 1 to 4 digits, unique in the organisation; shown at the end of the caller's number on mobiles. */
export const NumericId = z.string().regex(/^\d{1,4}$/, 'must be 1 to 4 digits');

/** R14 Queued calls. */
export const QueueSettings = z
  .object({
    maxWaitSeconds: z.number().int().min(10).max(3600),
    maxQueueLength: z.number().int().min(1).max(500),
    musicOnHoldAudioFileId: Id.nullable(),
    announcePosition: z.boolean(),
    announceExpectedWait: z.boolean(),
    announcementIntervalSeconds: z.number().int().min(15).max(600),
    limitReachedDestination: Destination,
  })
  .strict();
export type QueueSettings = z.infer<typeof QueueSettings>;

/** R15 Schedule & welcome message. `openingHours: null` means always open. */
export const ScheduleSettings = z
  .object({
    openingHours: Schedule.nullable(),
    welcomePrompt: Prompt.nullable(),
    closedPrompt: Prompt.nullable(),
    closedDestination: Destination,
  })
  .strict();
export type ScheduleSettings = z.infer<typeof ScheduleSettings>;

export const DistributionStrategy = z.enum([
  'ringAll',
  'serial',
  'roundRobin',
  'longestIdle',
  'fewestCalls',
  'random',
]);
export type DistributionStrategy = z.infer<typeof DistributionStrategy>;

/** R16 Call distribution. */
export const DistributionSettings = z
  .object({
    strategy: DistributionStrategy,
    ringSecondsPerAgent: z.number().int().min(5).max(300),
    wrapUpSeconds: z.number().int().min(0).max(600),
    skipBusyAgents: z.boolean(),
    skipLoggedOutAgents: z.boolean(),
  })
  .strict();
export type DistributionSettings = z.infer<typeof DistributionSettings>;

/** R17 Voicemail. */
export const GroupVoicemailSettings = z
  .object({
    enabled: z.boolean(),
    greeting: Prompt.nullable(),
    notifyUserIds: z.array(Id).max(100),
  })
  .strict();
export type GroupVoicemailSettings = z.infer<typeof GroupVoicemailSettings>;

/** The four sections a group has, and that the organisation's defaults for new groups have (R13). */
export const ResponseGroupSettings = z
  .object({
    queue: QueueSettings,
    schedule: ScheduleSettings,
    distribution: DistributionSettings,
    voicemail: GroupVoicemailSettings,
  })
  .strict();
export type ResponseGroupSettings = z.infer<typeof ResponseGroupSettings>;

/** A partial update of the settings: any section may be given, each section whole or in part. */
export const ResponseGroupSettingsPatch = z
  .object({
    queue: QueueSettings.partial().strict(),
    schedule: ScheduleSettings.partial().strict(),
    distribution: DistributionSettings.partial().strict(),
    voicemail: GroupVoicemailSettings.partial().strict(),
  })
  .partial()
  .strict();
export type ResponseGroupSettingsPatch = z.infer<typeof ResponseGroupSettingsPatch>;

export const Agent = z.object({ userId: Id, loggedIn: z.boolean() });
export type Agent = z.infer<typeof Agent>;

export const ResponseGroup = z.object({
  id: Id,
  organisationId: Id,
  name: z.string(),
  number: E164,
  billingNumber: E164,
  numericId: z.string(),
  agents: z.array(Agent),
  supervisorIds: z.array(Id),
  settings: ResponseGroupSettings,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ResponseGroup = z.infer<typeof ResponseGroup>;

export const ResponseGroupCreate = z
  .object({
    name: DisplayName,
    number: E164,
    billingNumber: E164.optional().describe('Defaults to the group number'),
    numericId: NumericId,
    agentIds: z.array(Id).max(500).default([]),
    supervisorIds: z.array(Id).max(100).default([]),
  })
  .strict();
export type ResponseGroupCreate = z.infer<typeof ResponseGroupCreate>;

export const ResponseGroupUpdate = z
  .object({
    name: DisplayName,
    number: E164,
    billingNumber: E164,
    numericId: NumericId,
    agentIds: z.array(Id).max(500),
    supervisorIds: z.array(Id).max(100),
    settings: ResponseGroupSettingsPatch,
  })
  .partial()
  .strict();
export type ResponseGroupUpdate = z.infer<typeof ResponseGroupUpdate>;

/** The settings a brand-new organisation starts with for new groups. */
export function factoryResponseGroupSettings(): ResponseGroupSettings {
  return {
    queue: {
      maxWaitSeconds: 300,
      maxQueueLength: 20,
      musicOnHoldAudioFileId: null,
      announcePosition: true,
      announceExpectedWait: false,
      announcementIntervalSeconds: 60,
      limitReachedDestination: { type: 'voicemail' },
    },
    schedule: {
      openingHours: null,
      welcomePrompt: null,
      closedPrompt: null,
      closedDestination: { type: 'voicemail' },
    },
    distribution: {
      strategy: 'ringAll',
      ringSecondsPerAgent: 20,
      wrapUpSeconds: 10,
      skipBusyAgents: true,
      skipLoggedOutAgents: true,
    },
    voicemail: { enabled: true, greeting: null, notifyUserIds: [] },
  };
}

/** Applies a settings patch section by section; the result must still be whole and valid. */
export function applySettingsPatch(
  current: ResponseGroupSettings,
  patch: ResponseGroupSettingsPatch,
): ResponseGroupSettings {
  return {
    queue: { ...current.queue, ...patch.queue },
    schedule: { ...current.schedule, ...patch.schedule },
    distribution: { ...current.distribution, ...patch.distribution },
    voicemail: { ...current.voicemail, ...patch.voicemail },
  };
}
