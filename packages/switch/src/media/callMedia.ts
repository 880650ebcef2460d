import type { TelephonyAudio } from '@vaxel/domain';
import type { FileStore } from '@vaxel/store';
import type { MediaDirection } from './sessionDescription.ts';

/**
 * The media of one call as the call flow drives it (switch.md, "Media per call"): the SDP of both
 * sides, and **asynchronous commands and events** for everything that happens to the audio —
 * play, collect digits, record, bridge. A step never touches an RTP endpoint; so the media plane
 * can move into worker threads (issue "Performance") without a step changing. mediasoup's Node
 * API over its C++ worker is the model: a command is a message, its Promise the reply.
 *
 * Sides: `caller` is the leg that placed the call; `callee` the leg the switch rings (a phone, a
 * trunk). A call the switch answered itself has only the caller side in use until it bridges. A
 * call the switch places itself (a callback) has the party it calls back on the caller side,
 * reached with `offerToCaller` / `acceptCallerAnswer`, and the agent on the callee side.
 */
export type MediaSide = 'caller' | 'callee';

/**
 * The host a side's SIP came from (the transport source of its INVITE or re-INVITE; for a leg the
 * switch placed, the address it sent the INVITE to: the phone's registration or the trunk). The
 * side's RTP port trusts no other host to learn a NAT's port from (RFC 7362, @vaxel/media's
 * `MediaSourceRule`), so a stranger spraying the port range is not heard.
 */
export type SignalledFrom = string;

/** DTMF keys (RFC 4733 §3.2 events 0–15). */
export type Dtmf = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

/** Where a digit came from; there is one digit stream whichever way the phone sends it. */
export type DigitSource = 'rfc4733' | 'info' | 'inband';

export interface PlayRequest {
  /** Played back to back, without a gap between clips. */
  clips: readonly TelephonyAudio[];
  /** Start again at the end (music on hold) until stopped. */
  loop?: boolean;
  /** A digit from the side listening stops the playback at once (barge-in). Default true. */
  bargeIn?: boolean;
  /**
   * Where in the clips (as one stream) to start, in ms (default 0; wraps around when looping): music
   * on hold goes on after an announcement where it stopped instead of starting again.
   */
  offsetMs?: number;
}

export type PlaybackEnd =
  | { reason: 'finished' }
  | { reason: 'digit'; digit: Dtmf }
  /** `stopPlaying`, a new `play` on the same side, `bridge()`, or the call's media closed. */
  | { reason: 'stopped' };

/** R77: a call recording, written to the file store while the call runs. */
export interface CallRecordingRequest {
  /** Where it goes (fileKeys.recording). */
  key: string;
  /** `mixed`: both directions summed into one mono WAV; `stereo`: caller left, callee right. */
  channels: 'mixed' | 'stereo';
}

export interface RecordingSummary {
  durationMs: number;
  bytes: number;
}

/** R76: one direction recorded as a voicemail message. */
export interface MessageRecordingRequest {
  /** Where it goes (fileKeys.voicemail). */
  key: string;
  /** Ends the message (default ['#']); the digit is not part of it. */
  stopDigits?: readonly Dtmf[];
  /** Silence that ends the message (default 5000 ms). */
  silenceMs?: number;
  /** Longest message (default 180 000 ms). */
  maxMs?: number;
  /** Shorter messages are not kept: the file is deleted and `kept` is false (default 1000 ms). */
  minMs?: number;
}

export interface MessageRecordingResult {
  endedBy: 'digit' | 'silence' | 'maxLength' | 'stopped';
  durationMs: number;
  kept: boolean;
}

export type CallMediaEvent =
  /** A key pressed on a side (after RFC 4733 end-of-event redundancy, once per press). */
  | { type: 'digit'; side: MediaSide; digit: Dtmf; source: DigitSource }
  /**
   * No RTP from a side for the inactivity timeout (R78: a party vanished). `silentForMs`: how long
   * ago its last packet came (or its watch began), so the call log can end when media stopped.
   */
  | { type: 'inactive'; side: MediaSide; silentForMs: number };

export interface CallMedia {
  // --- SDP, RFC 3264 offer/answer on each side independently (synchronous: pure description work).
  /** The caller's offer. Throws `UnusableSdp` when it has no PCMU or PCMA (the switch answers 488). */
  acceptCallerOffer(sdp: string, signalledFrom: SignalledFrom): void;
  /** The switch's answer to the caller (for 183 early media or the 200 OK). */
  answerToCaller(direction?: MediaDirection): string;
  /** The switch's offer to a callee leg (forks share the callee side: only one answers). */
  offerToCallee(direction?: MediaDirection): string;
  /** A callee's answer (a 183's or a 200's). Throws `UnusableSdp`. */
  acceptCalleeAnswer(sdp: string, signalledFrom: SignalledFrom): void;
  /** Re-INVITE from `from` (hold/resume, RFC 3264 §8.4): the offer for the other side. */
  relayOffer(
    from: MediaSide,
    sdp: string,
    signalledFrom: SignalledFrom,
  ): { offerToOther: string; direction: MediaDirection };
  /** The other side's answer to a relayed offer: the answer for the side that offered. */
  relayAnswer(offerer: MediaSide, sdp: string, signalledFrom: SignalledFrom): string;
  /**
   * A call the switch places itself (a queue callback, R14): the caller side is an outgoing leg
   * too, so the switch offers to it and takes its answer, as it does with a callee. The switch's
   * offer to the caller (the callee's codec first when it is known, so no transcoding is needed).
   */
  offerToCaller(direction?: MediaDirection): string;
  /** The called-back caller's answer to {@link offerToCaller}. Throws `UnusableSdp`. */
  acceptCallerAnswer(sdp: string, signalledFrom: SignalledFrom): void;
  /** Answer for a re-INVITE the switch handles alone (a session refresh). */
  currentAnswer(side: MediaSide): string;

  // --- Commands. Each resolves when the media plane has carried it out.
  /** Relays caller ↔ callee (transcoding, telephone-event mapping); stops playback on both sides. */
  bridge(): Promise<void>;
  /** Stops relaying (the caller goes back to the flow, e.g. a menu after a transfer). */
  unbridge(): Promise<void>;
  /** Plays to `side`; resolves when the playback ends, with why. A new `play` stops the last one. */
  play(side: MediaSide, request: PlayRequest): Promise<PlaybackEnd>;
  stopPlaying(side: MediaSide): Promise<void>;
  /** A digit that arrived by signalling (SIP INFO, RFC 6086) joins the side's digit stream. */
  injectDigit(side: MediaSide, digit: Dtmf, source: 'info'): void;
  /** Starts recording both directions; the returned stop ends it (safe twice). */
  startRecording(request: CallRecordingRequest): Promise<{ stop(): Promise<RecordingSummary> }>;
  /** Records what `side` says until a stop digit, silence, the maximum length or `signal` aborts. */
  recordMessage(
    side: MediaSide,
    request: MessageRecordingRequest,
    signal: AbortSignal,
  ): Promise<MessageRecordingResult>;

  // --- Events.
  /** Returns the unsubscribe function. */
  on(listener: (event: CallMediaEvent) => void): () => void;

  /** Ends every playback and recording (recordings are finished, not lost) and frees the ports; safe twice. */
  close(): Promise<void>;
  readonly closed: boolean;
}

/** What opening a call's media needs; the implementation owns its RTP ports and writes to `files`. */
export interface CallMediaOptions {
  advertisedAddress: string;
  inactivityTimeoutMs: number;
  files: FileStore;
}
