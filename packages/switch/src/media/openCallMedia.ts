import type { RtpPortPool } from '@vaxel/media';
import type { CallMedia, CallMediaOptions } from './callMedia.ts';
import { CallMediaSession } from './callMediaSession.ts';
import type { MediaPlaneTally } from './mediaPlaneTally.ts';
import type { MediaWorkers } from './worker/mediaWorkers.ts';

export interface OpenCallMediaOptions extends CallMediaOptions {
  /** Where the call's audio runs: in this thread on the switch's port pool, or on a media worker (issue 11). */
  plane: { pool: RtpPortPool; tally?: MediaPlaneTally } | { workers: MediaWorkers };
}

/**
 * The media of a new call: a {@link CallMediaSession} (the SDP negotiation, here) over its audio
 * plane (two RTP endpoints, playback, digits, bridging, recording) — in this thread from the
 * switch's pool (`mediaWorkers: 0`), or on the least-loaded media worker, which writes files
 * through `files` all the same. Paced on the media plane's own monotonic clock, not the switch's
 * (a fake switch clock in a test must not stop the audio).
 */
export async function openCallMedia(options: OpenCallMediaOptions): Promise<CallMedia> {
  const { plane } = options;
  if ('workers' in plane) {
    const remote = await plane.workers.open({ inactivityTimeoutMs: options.inactivityTimeoutMs });
    return new CallMediaSession(options.advertisedAddress, remote);
  }
  return CallMediaSession.open({
    pool: plane.pool,
    ...(plane.tally ? { tally: plane.tally } : {}),
    advertisedAddress: options.advertisedAddress,
    inactivityTimeoutMs: options.inactivityTimeoutMs,
    files: options.files,
  });
}
