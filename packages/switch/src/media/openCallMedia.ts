import type { RtpDropTally, RtpPortPool } from '@vaxel/media';
import type { CallMedia, CallMediaOptions } from './callMedia.ts';
import { CallMediaSession } from './callMediaSession.ts';

export interface OpenCallMediaOptions extends CallMediaOptions {
  pool: RtpPortPool;
  /** Counts strangers' RTP/RTCP dropped on the call's ports. */
  rtpDrops?: RtpDropTally;
}

/**
 * The media of a new call: a {@link CallMediaSession} (two RTP endpoints from the pool, playback,
 * digits, bridging, recording). Paced on the media plane's own monotonic clock, not the switch's
 * (a fake switch clock in a test must not stop the audio).
 */
export function openCallMedia(options: OpenCallMediaOptions): Promise<CallMedia> {
  return CallMediaSession.open(options);
}
