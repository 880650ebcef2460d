import type { CallPathStep } from '@vaxel/domain';
import type { TrunkRecord, UserRecord } from '@vaxel/store';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { AnchoredMedia } from '../media/anchoredMedia.ts';
import type { CallDialog, ServerInvite, SignallingPort } from '../signalling/signallingPort.ts';
import type { CallLogWriter } from './callLogWriter.ts';
import type { CallStateMachine } from './callState.ts';

export interface SwitchLogger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** Who placed the call. */
export type Caller =
  | { type: 'user'; user: UserRecord }
  | { type: 'trunk'; trunk: TrunkRecord; number: string; name: string | null };

/** Calls a user is in right now, for busy handling and call waiting (R33). */
export interface Presence {
  isBusy(userId: string): boolean;
  /** Marks the user as in this call until the returned function is called. */
  occupy(userId: string): () => void;
}

/** The switch-wide services a call uses. */
export interface CallServices {
  directory: SwitchDirectory;
  signalling: SignallingPort;
  presence: Presence;
  logger: SwitchLogger;
  now: () => Date;
  /** Host the switch puts in the URIs it builds (From, To of legs it sends). */
  advertisedAddress: string;
}

/** The call's connected pair once a leg answered. */
export interface Connection {
  callee: CallDialog;
  caller: CallDialog;
  /** The user who answered, if a user (null for a trunk). */
  answeredByUserId: string | null;
}

/**
 * What a call-flow step may use. Steps are small functions in `steps/`; the session only runs them
 * one after another (jambonz-style "verbs", without its thousand-line session).
 */
export interface CallContext {
  readonly organisationId: string;
  readonly caller: Caller;
  readonly invite: ServerInvite;
  readonly media: AnchoredMedia;
  readonly log: CallLogWriter;
  readonly state: CallStateMachine;
  readonly services: CallServices;
  /** Aborted when the caller cancels or the switch stops; every waiting step listens. */
  readonly abort: AbortSignal;
  /** Users this call has already rung, so forwarding rules cannot loop. */
  readonly visitedUsers: Set<string>;
  /** Releases of presence marks held by this call. */
  readonly held: Array<() => void>;
  /** The caller heard ringing already (180 sent). */
  alerted: boolean;
  /** Adds a path step to the call log (R58). */
  step(step: Omit<CallPathStep, 'at'>): void;
}
