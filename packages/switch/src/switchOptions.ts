/**
 * What a Switch is made with (its store, ports, clock, guards' limits, media workers, observer)
 * and the figures it reports (`stats`, `mediaStats`, `edgeStats`). Split from Switch.ts, which is
 * the engine itself.
 */
import type { DigestAlgorithm, TimerSettings } from '@vaxel/sip';
import type { FileStore, Repositories } from '@vaxel/store';
import type { PromptAudio } from '@vaxel/domain';
import type { VoicemailNotifier } from './flow/voicemail/notifier.ts';
import type { DirectoryStore } from './directory/switchDirectory.ts';
import type { Clock } from './kernel/clock.ts';
import type { SwitchLogger } from './kernel/logger.ts';
import type { SwitchObserver } from './kernel/switchObserver.ts';
import type { ThreadLoad } from './kernel/threadLoad.ts';
import type { MediaPlaneStats } from './media/switchMediaPlane.ts';
import type { AuthGuardOptions } from './registrar/authGuard.ts';
import type { ExpiryLimits } from './registrar/bindingPlan.ts';
import type { FloodOptions, FloodStats } from './security/floodGuard.ts';
import type { OutboundBlockNotifier } from './security/outboundBlockNotifier.ts';
import type { OverloadOptions, OverloadStats } from './security/overloadGuard.ts';
import type { SipSecurityLog } from './security/securityEvent.ts';

/** What the switch reads and writes: its directory's settings, and the calls, voicemail and state it keeps. */
export type SwitchStore = DirectoryStore &
  Pick<Repositories, 'outboundBlocks' | 'calls' | 'voicemail' | 'auditLog' | 'switchState'>;
export interface SwitchOptions {
  store: SwitchStore;
  /** SIP port for UDP and TCP (0 picks a free one; see `sipPort` after start). */
  sipPort: number;
  bindAddress: string;
  /** The address phones and carriers reach the switch at, in SDP and Contact. */
  advertisedAddress: string;
  rtpPortRange: { min: number; max: number };
  logger?: SwitchLogger;
  /**
   * Time and timers (ring time, the stop grace, the registration sweeper, the settings cache's
   * TTL). Tests pass a fake clock, or an object with only `now()` (real timers are added).
   */
  clock?: Clock | { now(): number };
  /** Prompts as audio (the audio library and text-to-speech), for steps that play them. */
  prompts?: PromptAudio;
  /** Where recordings and voicemail are written, and audio files read. */
  files?: FileStore;
  /** R17: who hears of a new voicemail message (e-mail in `vaxel start`); without one nobody is told. */
  voicemailNotifier?: VoicemailNotifier | null;
  /** How long settings read for calls are kept when no change is signalled (default 30 s). */
  settingsTtlMs?: number;
  /** Signs digest nonces; random per process when omitted. */
  nonceSecret?: Buffer;
  registrationLimits?: Partial<ExpiryLimits>;
  /** The authentication guard's limits (defaults: issue 10's; see registrar/authGuard.ts). */
  authGuard?: Omit<AuthGuardOptions, 'now' | 'sources' | 'securityLog'>;
  /**
   * Digest algorithms offered, in order of preference (default SHA-256 then MD5, RFC 8760 §2.4).
   * Some clients (sipp 3.6) only read the first challenge and only speak MD5.
   */
  digestAlgorithms?: DigestAlgorithm[];
  /** Seconds of RTP silence on an answered call before it is ended (default 60; 0 turns it off). */
  rtpTimeoutSeconds?: number;
  /**
   * Country calling code for national numbers from trunks (default "46"); users' national numbers
   * are read with their organisation's country.
   */
  defaultCountryCode?: string;
  /** SIP timers T1, T2, T4 in ms (RFC 3261 §17); tests shorten T1 so transactions end sooner. */
  sipTimers?: Partial<TimerSettings>;
  transports?: Array<'udp' | 'tcp'>;
  /** The random source of response groups' `random` distribution strategy (default `Math.random`); tests fix it. */
  distributionRandom?: () => number;
  /** Issue 10: where security events go (failures, bans, refused toll calls), one stable line each; default nowhere. */
  securityLog?: SipSecurityLog;
  /** Issue 10: who tells an organisation's admins that its international calls were blocked (e-mail in `vaxel start`); default nobody. */
  outboundBlockNotifier?: OutboundBlockNotifier | null;
  /**
   * Issue 10: which switch this is, for its heartbeat row and its live dialogs (default
   * "default"). A switch restarted on the same store must keep its id to clean up after itself.
   */
  instanceId?: string;
  /** How often "alive at" is written (default 5000 ms). */
  heartbeatIntervalMs?: number;
  /**
   * Issue 10: flood limits (per-source window and ban, the total cap with the known sources'
   * share, concurrent server transactions per source); defaults are DEFAULT_FLOOD_LIMITS, what
   * `vaxel start` runs with.
   */
  flood?: FloodOptions;
  /**
   * Issue 11: overload control — caps on calls per second and calls in progress
   * (`VAXEL_MAX_CALLS_PER_SECOND`, `VAXEL_MAX_CALLS`) and the event-loop delay and transactions in
   * flight beyond which new calls get a stateless 503 (security/overloadGuard.ts for the defaults).
   */
  overload?: OverloadOptions;
  /** Issue 11: told of SIP traffic, calls' ends and overload refusals (the operator's metrics); default nobody. */
  observer?: SwitchObserver;
  /**
   * Issue 11: media worker threads for the calls' audio (RTP relay, prompts, recording, DTMF
   * detection), each with its own slice of `rtpPortRange`, a new call on the least-loaded one.
   * Default: one per core (`os.availableParallelism()`, at most one per port pair of the range);
   * 0: the audio runs in this thread.
   */
  mediaWorkers?: number;
}

/** What the media plane carried and turned away (issues 10, 11): counted since the switch started. */
export type SwitchMediaStats = MediaPlaneStats;

/** A thread's load over its last second: the switch's own (`main`) or a media worker's (`media-0`…). */
export type SwitchThreadLoad = { thread: string } & ThreadLoad;

/** The SIP edge's own counters (issues 10, 11): what it answered without a transaction, the flood and overload guards'. */
export interface SwitchEdgeStats {
  serverTransactions: number;
  statelessResponses: number;
  flood: FloodStats;
  overload: OverloadStats;
}

export interface SwitchStats {
  calls: number;
  transactions: number;
  dialogs: number;
  rtpPorts: number;
  sockets: number;
}
