import { z } from 'zod';
import { Id, Timestamp } from './primitives.ts';

/**
 * R19: what a supervisor sees of a response group right now — the live queue and each agent's
 * state — as the switch knows it, plus today's figures from the call log. The switch writes the
 * live part through {@link QueueLiveState}; the api reads it without importing the switch (one
 * process: in memory; several switch nodes later: a shared store such as Redis behind the same
 * port).
 */

/** An agent's state in a group (R16, R19). `loggedOut` comes from the group's settings; the rest from the switch. */
export const AgentLiveStateName = z.enum(['available', 'ringing', 'onCall', 'wrapUp', 'loggedOut']);
export type AgentLiveStateName = z.infer<typeof AgentLiveStateName>;

export const AgentLive = z.object({
  userId: Id,
  name: z.string(),
  state: AgentLiveStateName,
  /** When the agent entered the state, as far as this switch knows (null: not since start-up). */
  since: Timestamp.nullable(),
});
export type AgentLive = z.infer<typeof AgentLive>;

/** A caller waiting in the queue, in queue order (position 1 is next). */
export const QueuedCallerLive = z.object({
  callId: Id,
  position: z.number().int().min(1),
  fromNumber: z.string(),
  fromName: z.string().nullable(),
  /** When the caller joined the queue (a caller who came back keeps their first time). */
  queuedAt: Timestamp,
  waitSeconds: z.number().int().min(0),
  /** An agent is being rung for this caller. */
  ringing: z.boolean(),
});
export type QueuedCallerLive = z.infer<typeof QueuedCallerLive>;

/** A callback that keeps its place in the queue (R14): positions are shared with waiting callers. */
export const QueuedCallbackLive = z.object({
  callId: Id,
  position: z.number().int().min(1),
  /** The number the switch will call back (E.164). */
  number: z.string(),
  queuedAt: Timestamp,
  waitSeconds: z.number().int().min(0),
  /** Attempts made to reach the caller so far. */
  attempts: z.number().int().min(0),
  state: z.enum(['waiting', 'callingAgent', 'callingCaller', 'retryWaiting']),
});
export type QueuedCallbackLive = z.infer<typeof QueuedCallbackLive>;

/** Today's figures, from local midnight in the organisation's time zone (R19, R60). */
export const GroupFiguresToday = z.object({
  /** Calls that reached the group (closed-hours calls not counted). */
  offered: z.number().int(),
  answered: z.number().int(),
  /** Callers who hung up while waiting. */
  abandoned: z.number().int(),
  /** Callbacks requested. */
  callbacks: z.number().int(),
  averageWaitSeconds: z.number().nullable(),
  longestWaitSeconds: z.number().int().nullable(),
  /** The group's target: answered within this many seconds counts for the service level. */
  serviceLevelSeconds: z.number().int(),
  /** Percentage of offered calls answered within the target; null before the first call. */
  serviceLevelPercent: z.number().nullable(),
});
export type GroupFiguresToday = z.infer<typeof GroupFiguresToday>;

/** The snapshot `GET …/response-groups/{groupId}/live` answers and `…/live/events` streams. */
export const ResponseGroupLive = z.object({
  responseGroupId: Id,
  at: Timestamp,
  queue: z.array(QueuedCallerLive),
  callbacks: z.array(QueuedCallbackLive),
  agents: z.array(AgentLive),
  today: GroupFiguresToday,
});
export type ResponseGroupLive = z.infer<typeof ResponseGroupLive>;

/** The live part of one group as the switch holds it (no figures, no agent names). */
export interface GroupLiveState {
  queue: ReadonlyArray<Omit<QueuedCallerLive, 'waitSeconds'>>;
  callbacks: ReadonlyArray<Omit<QueuedCallbackLive, 'waitSeconds'>>;
  /** Agents the switch has seen in a state other than available; absent agents are available (or logged out). */
  agents: ReadonlyArray<{ userId: string; state: Exclude<AgentLiveStateName, 'loggedOut'>; since: string }>;
}

/** The port the api reads the live state through; the switch implements it (in memory, one process). */
export interface QueueLiveState {
  /** What the switch knows of the group now; an empty queue and no agent entries when nothing is happening. */
  group(organisationId: string, responseGroupId: string): GroupLiveState;
  /**
   * Calls `listener` after every change of the group's live state (a caller joins or leaves, an
   * agent's state changes). Returns the unsubscribe function.
   */
  subscribe(organisationId: string, responseGroupId: string, listener: () => void): () => void;
}
