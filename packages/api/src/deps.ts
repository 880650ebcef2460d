import type { Store } from '@vaxel/store';
import type { FastifyServerOptions } from 'fastify';
import type { SecurityEventSink } from './audit/securityEvents.ts';
import type { ThrottlePolicy } from './auth/throttlePolicy.ts';
import type { FileStore } from '@vaxel/store';
import type { QueueLiveState, SipBans } from '@vaxel/domain';
import type { LiveEventTiming } from './responseGroups/live/liveEvents.ts';
import type { MetricsSource } from './metrics/metricsSource.ts';

/**
 * What the API needs from audio tooling. Implemented by adapters over @vaxel/media
 * (espeak-ng, ffmpeg) and wired in apps/vaxel; the api does not import media itself.
 *
 * Errors: implementations throw an `AudioError` (name `AudioError`) whose `code` is one of
 * `unsupported_audio`, `corrupt_audio`, `audio_too_long`, `audio_too_large`, `tool_unavailable`;
 * problem.ts maps those to 422/413/503.
 */
export interface AudioProcessing {
  /** An upload (WAV, MP3, OGG/Opus …) → the 8 kHz mono 16-bit telephony WAV and its length. */
  convertUpload(data: Buffer, mimeType: string): Promise<{ wav: Buffer; durationMs: number }>;
  /**
   * Whether text-to-speech has a voice for a BCP 47 tag. The adapter's voices are the one list of
   * languages the server speaks: prompts, menus and greetings in any other language are refused
   * with `unsupported_language` when saved, as creating a text-to-speech file is.
   */
  supportsLanguage(languageTag: string): boolean;
  /** Text to speech, locally, as an 8 kHz mono telephony WAV. */
  synthesize(text: string, language: string): Promise<{ wav: Buffer; durationMs: number }>;
  /** Peak levels (0..1) of a WAV for the console's waveform. */
  waveform(wav: Buffer, points: number): Promise<number[]> | number[];
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Live facts and notifications shared with the switch (wired by apps/vaxel). Optional: without
 * it the API reads registrations from the store and nobody is told of settings changes.
 */
export interface LiveState {
  /** Called after every successful change of an organisation's settings (R81: next call sees it). */
  settingsChanged?(organisationId: string): void;
  /** Called after an admin lifted the organisation's outbound block (issue 10); `by` is who lifted it. */
  outboundBlockLifted?(organisationId: string, by: string): void;
}

export type ApiDeps = {
  store: Store;
  audio: AudioProcessing;
  files: FileStore;
  clock?: Clock;
  /**
   * SHA-256 (hex) of an operator bearer token given by configuration; the token itself is never
   * kept. Operator tokens stored (hashed, kind `operator`) in the store are accepted as well.
   */
  operatorTokenHash?: string;
  logger?: FastifyServerOptions['logger'];
  liveState?: LiveState;
  /**
   * R19: the switch's queues and agent states (apps/vaxel passes `Switch.queueLive`). Without it
   * the live view shows an empty queue and every logged-in agent available.
   */
  queueLive?: QueueLiveState;
  /**
   * Issue 10: the SIP edge's bans and failure counters (apps/vaxel passes `Switch.sipBans`).
   * Without it the operator sees no bans and has none to lift.
   */
  sipBans?: SipBans;
  /** Pacing of `…/live/events` (defaults: changes coalesced over 200 ms, a heartbeat every 15 s). */
  liveEventTiming?: Partial<LiveEventTiming>;
  /** Login throttling rules (auth/throttlePolicy.ts); the defaults suit production. */
  loginThrottle?: Partial<ThrottlePolicy>;
  /**
   * Security events (logins, failures, throttling, password changes and resets, revoked sessions,
   * invitations) always go to the audit log and the API's log; this sink hears them as well
   * (tests observe them through it).
   */
  securityEvents?: SecurityEventSink;
  /** Lifetime of an invitation link (default 7 days) and of a password reset link (default 1 hour). */
  invitationTtlMs?: number;
  passwordResetTtlMs?: number;
  /** Folder with the built console (apps/web/dist), served at / when present. */
  webRoot?: string;
  /**
   * The address users reach the console at (VAXEL_PUBLIC_URL), without a trailing slash: links in
   * e-mails are built on it, and when it is https the session cookie is Secure and HSTS is sent.
   */
  publicUrl?: string;
  /** Outgoing mail server (VAXEL_SMTP_URL); without it nothing is e-mailed. */
  smtpUrl?: string;
  /** Lifetime of a login session (default 7 days). */
  sessionTtlMs?: number;
  /**
   * Issue 11: the process's metrics, served at `GET /metrics` behind the operator token
   * (apps/vaxel passes its prom-client registry). Without it there is no /metrics.
   */
  metrics?: MetricsSource;
};
