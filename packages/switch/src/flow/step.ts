/**
 * The contract of a call-flow step (switch.md, "Steps"). One file per `Destination` type of the
 * domain's one union, registered in `flow/registry.ts`; the loop in `flow/runFlow.ts` runs the
 * step for the current destination, answers the caller first when the step `needs` it, and
 * follows what the step returns. A step sees the call through {@link FlowCall}, a narrow view
 * with fakes in unit tests, never the session itself.
 */
import type { CallOutcome, CallPathStep, Destination, DestinationType, Language, PromptAudio } from '@vaxel/domain';
import type { FileStore, RecordingRepository } from '@vaxel/store';
import type { CallMedia } from '../media/callMedia.ts';
import type { Presence } from '../call/presence.ts';
import type { QueueServices } from '../queue/queues.ts';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { Clock } from '../kernel/clock.ts';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { LiveDialogs } from '../recovery/liveDialogs.ts';
import type { SignallingPort } from '../signalling/signallingPort.ts';
import type { AgentLogins } from './agentLogin/agentLogins.ts';
import type { CallbackServices } from '../queue/callback/callbacks.ts';
import type { VoicemailNotifier } from './voicemail/notifier.ts';
import type { VoicemailDirectory } from './voicemail/voicemailDirectory.ts';
import type { VoicemailRepository } from '@vaxel/store';
import type { SipSecurityLog } from '../security/securityEvent.ts';
import type { TollGuard } from '../security/tollGuard.ts';

export type DestinationOf<T extends DestinationType> = Extract<Destination, { type: T }>;

/** Why the call is being sent to a destination; decides the call-log outcome of a refusal. */
export type DestinationCause = 'routed' | 'unanswered' | 'busy' | 'rejected';

/**
 * What a step needs of the caller's leg (jambonz's task preconditions): `unanswered` steps (ring
 * a user, dial out) work before and after the switch answered (they bridge without re-answering);
 * `answered` steps (play, menu, voicemail) get the caller answered by the loop first.
 */
export type StepNeeds = 'answered' | 'either';

/** A final answer to a caller the switch has not answered (or the tone before BYE if it has). */
export interface Refusal {
  status: number;
  reason: string;
  /** RFC 3261 §20.43 Warning text, or null. */
  warning: string | null;
  outcome: CallOutcome;
}

/**
 * Why a call ended, for the SIP side (status or BYE) and the call log (outcome), mapped in one
 * table (`call/endCauses.ts`).
 * - `caller`: the caller hung up or cancelled.
 * - `callee`: the bridged callee hung up (the switch then ends the caller's side).
 * - `flow`: the switch ended an answered call itself (a message played, a voicemail left): `outcome`.
 * - `refusal`: a final status to an unanswered caller; an answered one hears the matching tone, then BYE.
 * - `failure`: something broke (the caller gets 500 or BYE), `shutdown`: the switch is stopping.
 */
export type EndCause =
  /** `outcome`: what the call log says when the step knows better than the table (a caller who hung up in voicemail missed the person). */
  (
    | { by: 'caller'; outcome?: CallOutcome }
    | { by: 'callee' }
    | { by: 'flow'; outcome: CallOutcome }
    | { by: 'refusal'; refusal: Refusal }
    | { by: 'failure'; detail: string }
    /** No RTP from `side` for the RTP timeout (issue 10: a peer vanished); `at` is its last packet. */
    | { by: 'media'; side: 'caller' | 'callee'; at: Date }
    | { by: 'shutdown' }
  ) & {
    /**
     * When the call really ended, when that is earlier than when the session hears of it: a BYE
     * that came while the switch still hung up the other side, the last RTP packet of a vanished
     * peer (whose BYE then times out). The call log ends there, not after the teardown.
     */
    at?: Date;
  };

export type StepResult =
  /** Go on to another destination (a forward, an IVR key, a closed destination …). */
  | { kind: 'next'; destination: Destination; cause: DestinationCause }
  /** A leg answered and is bridged with the caller: the loop stays in the `bridged` state. */
  | { kind: 'connected'; connection: Connection }
  | { kind: 'end'; cause: EndCause };

export interface Step<T extends DestinationType> {
  readonly needs: StepNeeds;
  run(call: FlowCall, destination: DestinationOf<T>, cause: DestinationCause): Promise<StepResult>;
}

/** The caller's side of the call: the server INVITE as the flow sees it. */
export interface CallerLeg {
  readonly answered: boolean;
  /** 180 Ringing, once. */
  ring(): void;
  /** Answers with 200 OK and the switch's SDP and waits for the ACK; idempotent. Rejects when no ACK comes. */
  answer(): Promise<void>;
  /** 183 Session Progress with the switch's SDP: the caller hears the call's media before an answer. */
  earlyMedia(sdp: string): void;
}

/** What the call log hears from steps beyond the state transitions (R58). */
export interface CallLogNotes {
  /** A step of the path: number → IVR menu → key → destination → voicemail. */
  path(step: Omit<CallPathStep, 'at'>): void;
  ivrMenu(ivrMenuId: string): void;
  voicemailLeft(messageId: string): void;
  recording(recordingId: string): void;
  /** The number an outbound call presented (R36, R55), so the log shows what the callee saw. */
  presented(fromNumber: string): void;
  /** R14, R58: the wait in a response group's queue, from joining it to an agent's answer (or to leaving it). */
  queueWait(seconds: number): void;
}

/** The narrow view of a call a step gets. */
export interface FlowCall {
  readonly id: string;
  readonly organisationId: string;
  /** The organisation's language, for built-in prompts (R31: greeting in the organisation's language). */
  readonly language: Language;
  readonly caller: FlowCaller;
  /** How the call reached the switch: what was dialled, and the diversions it came through already. */
  readonly arrival: CallArrival;
  readonly leg: CallerLeg;
  readonly media: CallMedia;
  readonly log: CallLogNotes;
  /** Aborted when the caller hangs up or cancels, or the switch stops; every waiting step listens. */
  readonly abort: AbortSignal;
  /** Users this call has already rung, so forwarding rules cannot loop. */
  readonly visitedUsers: Set<string>;
  /** The response group the call came through, once a group step offers it (R56: its recording policy). */
  readonly responseGroupId?: string | null;
  /** The address the caller's INVITE came from, for security events (issue 10); absent in calls the switch places itself. */
  readonly source?: string;
  readonly services: FlowServices;
}

/** How a call arrived (for forwarding it on with the right identity, RFC 5806). */
export interface CallArrival {
  /** The number (E.164) or extension the caller dialled. */
  dialled: string;
  /** Diversions the INVITE reported (the sum of its Diversion counters). */
  diversions: number;
}

/** Who placed the call, as a step needs it. */
export type FlowCaller =
  | { type: 'user'; userId: string; extension: string; number: string; name: string | null }
  | { type: 'trunk'; trunkId: string; number: string; name: string | null };

/** Switch-wide services steps use; each a small port with a fake in packages/testing or beside the test. */
export interface FlowServices {
  /** Settings and facts of organisations, read through the settings cache; add what a step needs. */
  directory: SwitchDirectory;
  prompts: PromptAudio;
  files: FileStore;
  clock: Clock;
  logger: SwitchLogger;
  // Ringing steps (ringUser, externalNumber): legs out, who is on a call, the switch's own host.
  signalling: Pick<SignallingPort, 'invite'>;
  presence: Presence;
  /** R14, R16: the response groups' queues, their dispatcher and the agents' states (queue/queues.ts). */
  queues: QueueServices;
  /** Host the switch puts in the URIs it builds (From, To of legs it sends). */
  advertisedAddress: string;
  /** R77: the rows of the recordings a bridged call makes (flow/callRecording.ts). */
  recordings: Pick<RecordingRepository, 'create' | 'finish' | 'delete'>;
  /** R17, R76: boxes, their messages and PINs, and who hears of a new message (null: nobody is e-mailed). */
  voicemail: VoicemailServices;
  /** R16: agents' logins changed from their phones (`*45` / `*46`). */
  agentLogins: AgentLogins;
  /** R14: callbacks that keep the caller's place in a group's queue (queue/callback/callbacks.ts). */
  callbacks: CallbackServices;
  /** Issue 10: security events (refused toll calls, …), one stable log line each. */
  securityLog: SipSecurityLog;
  /** Issue 10: the one gate of every call placed through a trunk (rules, block, limits; security/tollGuard.ts). */
  tollGuard: Pick<TollGuard, 'admit'>;
  /**
   * Issue 10: the answered calls' dialogs kept in the store while they last, so a restarted
   * switch can BYE the phones a crash left in a call (recovery/liveDialogs.ts); none in unit tests.
   */
  liveDialogs?: Pick<LiveDialogs, 'keep'>;
}

export interface VoicemailServices {
  directory: VoicemailDirectory;
  messages: VoicemailRepository;
  notifier: VoicemailNotifier | null;
}

/** The call's connected pair once a leg answered (defined by the ringing steps). */
export type Connection = import('../legs/answerLeg.ts').Connection;
