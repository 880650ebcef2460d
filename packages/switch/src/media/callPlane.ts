import type { TelephonyAudio } from '@vaxel/domain';
import type { G711Codec } from '@vaxel/media';
import type { CallMedia, MediaSide, PlaybackEnd, SignalledFrom } from './callMedia.ts';

/**
 * The media plane's half of one call (issue 11, "Media on every core"): the RTP endpoints, players,
 * bridge, digit streams and recorders, told what the SDP negotiation (`CallNegotiation`, on the
 * switch's thread) decided. Everything here is a command that may cross a message port into a
 * worker thread, so nothing passed in or out is an endpoint or a function (besides the listener),
 * and a command's order is its effect's order: `configure` before `bridge` is configured when the
 * bridge connects.
 *
 * Two implementations: `LocalCallPlane` (in this thread) and `RemoteCallPlane` (a worker's).
 */
export interface CallPlane extends Pick<
  CallMedia,
  'bridge' | 'unbridge' | 'stopPlaying' | 'injectDigit' | 'startRecording' | 'recordMessage' | 'on' | 'close'
> {
  /** The local RTP ports of both sides, known once the plane is open (the SDP needs them at once). */
  readonly localPorts: Readonly<Record<MediaSide, number>>;
  /** What the negotiation decided for a side: its codec and telephone-event type, where its RTP goes. */
  configure(side: MediaSide, config: SideConfig): void;
  /** On hold (a re-INVITE's direction or hold address): silence is expected, the RTP timeout is off. */
  setHeld(held: boolean): void;
  /** As {@link CallMedia.play}, with the request's defaults filled in by the negotiation. */
  play(side: MediaSide, request: PlanePlayRequest): Promise<PlaybackEnd>;
}

/** A side's negotiated format and remote, as the SDP negotiation decided them. */
export interface SideConfig {
  /** The side's audio codec and payload type, and its RFC 4733 telephone-event type (null: none offered). */
  format?: { codec: G711Codec; payloadType: number; telephoneEventPayloadType: number | null };
  /** Where the side's RTP goes (absent: a hold address or port 0 in the SDP, the last one stands). */
  remote?: { address: string; port: number; signalledFrom: SignalledFrom };
}

/** A playback as the plane takes it: {@link PlayRequest} with defaults filled in. */
export interface PlanePlayRequest {
  clips: readonly TelephonyAudio[];
  loop: boolean;
  bargeIn: boolean;
  offsetMs: number;
}
