import { z } from 'zod';
import { Destination } from './destination.ts';
import { E164, Id } from './primitives.ts';
import { Prompt } from './prompt.ts';
import { Schedule } from './schedule.ts';
import { DisplayName } from './text.ts';

/** R11: 1 to 4 digits, unique in the organisation; shown at the end of the caller's number on mobiles. */
export const NumericId = z.string().regex(/^\d{1,4}$/, 'must be 1 to 4 digits');

/** A key a caller presses while waiting in a queue (RFC 4733 events 0–9, * and #). */
export const QueueKey = z.enum(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']);
export type QueueKey = z.infer<typeof QueueKey>;

/**
 * R14 "callback that keeps the caller's place": the caller presses `key`, confirms the number to
 * be called (their own, or one they type), hangs up, and keeps their position; when their turn
 * comes the switch rings the agent first, then the caller. A caller who does not answer is tried
 * `retries` more times, `retryIntervalSeconds` apart. The offer is announced once the caller has
 * waited `offerAfterSeconds`.
 */
export const QueueCallbackSettings = z
  .object({
    enabled: z.boolean(),
    key: QueueKey,
    offerAfterSeconds: z.number().int().min(0).max(3600),
    retries: z.number().int().min(0).max(5),
    retryIntervalSeconds: z.number().int().min(30).max(3600),
  })
  .strict();
export type QueueCallbackSettings = z.infer<typeof QueueCallbackSettings>;

/**
 * R14 Queued calls. `limitReachedDestination` is where a caller goes when `maxWaitSeconds` is
 * reached; `queueFullDestination` where a new caller goes when `maxQueueLength` callers already
 * wait. `whenNoAgents`: with no agent logged in (with a phone to ring), `refuse` sends new callers
 * to `noAgentsDestination` at once, `wait` queues them as usual (an agent may log in).
 * `voicemailKey` lets a waiting caller leave for the group's voicemail (null: no such key).
 * `serviceLevelSeconds` is the target the live view's service level counts answers within (R19).
 */
export const QueueSettings = z
  .object({
    maxWaitSeconds: z.number().int().min(10).max(3600),
    maxQueueLength: z.number().int().min(1).max(500),
    musicOnHoldAudioFileId: Id.nullable(),
    announcePosition: z.boolean(),
    announceExpectedWait: z.boolean(),
    announcementIntervalSeconds: z.number().int().min(15).max(600),
    limitReachedDestination: Destination,
    queueFullDestination: Destination,
    whenNoAgents: z.enum(['refuse', 'wait']),
    noAgentsDestination: Destination,
    voicemailKey: QueueKey.nullable(),
    callback: QueueCallbackSettings,
    serviceLevelSeconds: z.number().int().min(5).max(600),
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

export const DistributionStrategy = z.enum(['ringAll', 'serial', 'roundRobin', 'longestIdle', 'fewestCalls', 'random']);
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
    queue: QueueSettings.extend({ callback: QueueCallbackSettings.partial().strict() }).partial().strict(),
    schedule: ScheduleSettings.partial().strict(),
    distribution: DistributionSettings.partial().strict(),
    voicemail: GroupVoicemailSettings.partial().strict(),
  })
  .partial()
  .strict();
export type ResponseGroupSettingsPatch = z.infer<typeof ResponseGroupSettingsPatch>;

/**
 * R74: where an agent is rung for the group's calls: their registered SIP phones, their mobile
 * through the trunk (with R11's numeric ID at the end of the caller's number, and press 1 to
 * accept), or both at once. An agent without a mobile number is rung on their phones.
 */
export const AgentReach = z.enum(['phone', 'mobile', 'phoneAndMobile']);
export type AgentReach = z.infer<typeof AgentReach>;

export const Agent = z.object({ userId: Id, loggedIn: z.boolean(), reachOn: AgentReach });
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
      queueFullDestination: { type: 'voicemail' },
      whenNoAgents: 'refuse',
      noAgentsDestination: { type: 'voicemail' },
      voicemailKey: null,
      callback: { enabled: false, key: '1', offerAfterSeconds: 60, retries: 2, retryIntervalSeconds: 120 },
      serviceLevelSeconds: 20,
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

/**
 * Settings as stored before a field existed, completed with the factory defaults for the fields
 * they lack (section by section, one level deep), so a group saved by an older version reads
 * whole. The store reads every group's settings and the organisation's defaults through this.
 */
export function completeResponseGroupSettings(stored: unknown): ResponseGroupSettings {
  const factory = factoryResponseGroupSettings();
  const given = (isRecord(stored) ? stored : {}) as Partial<Record<keyof ResponseGroupSettings, unknown>>;
  const section = <K extends keyof ResponseGroupSettings>(key: K): ResponseGroupSettings[K] => {
    const value = given[key];
    if (!isRecord(value)) return factory[key];
    const merged: Record<string, unknown> = { ...factory[key], ...value };
    for (const [field, fallback] of Object.entries(factory[key])) {
      if (isRecord(fallback) && !('type' in fallback) && isRecord(value[field]))
        merged[field] = { ...fallback, ...value[field] };
    }
    return merged as ResponseGroupSettings[K];
  };
  return {
    queue: section('queue'),
    schedule: section('schedule'),
    distribution: section('distribution'),
    voicemail: section('voicemail'),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Applies a settings patch section by section; the result must still be whole and valid. */
export function applySettingsPatch(
  current: ResponseGroupSettings,
  patch: ResponseGroupSettingsPatch,
): ResponseGroupSettings {
  return {
    queue: { ...current.queue, ...patch.queue, callback: { ...current.queue.callback, ...patch.queue?.callback } },
    schedule: { ...current.schedule, ...patch.schedule },
    distribution: { ...current.distribution, ...patch.distribution },
    voicemail: { ...current.voicemail, ...patch.voicemail },
  };
}
