/**
 * The few named errors of @vaxel/media.
 *
 * - `RangeError` (built in) for bytes whose lengths do not add up (RTP, RTCP, RFC 4733 parsing).
 * - {@link InvalidStateError} for calls on a closed endpoint, pool, bridge, player or recorder.
 * - {@link AudioError} for audio input the API must refuse (maps to a 4xx with its stable `code`)
 *   or a missing external tool (maps to a 5xx/503).
 */

/** Thrown when an object is used in a state that does not allow it (e.g. after `close()`). */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
}

/**
 * Stable codes the API maps to problem+json responses.
 * - `unsupported_audio`: not audio at all, or a format we do not read.
 * - `corrupt_audio`: looks like a known format but cannot be decoded (truncated, broken).
 * - `audio_too_long`: longer than the configured maximum duration.
 * - `audio_too_large`: more input bytes than the configured maximum.
 * - `unsupported_language`: no text-to-speech voice for the language tag.
 * - `tool_unavailable`: espeak-ng/ffmpeg/ffprobe is not installed or failed to run.
 */
export type AudioErrorCode =
  | 'unsupported_audio'
  | 'corrupt_audio'
  | 'audio_too_long'
  | 'audio_too_large'
  | 'unsupported_language'
  | 'tool_unavailable';

export class AudioError extends Error {
  override readonly name = 'AudioError';
  readonly code: AudioErrorCode;

  constructor(code: AudioErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Thrown by `RtpPortPool.allocate()` when every port pair in the range is taken. */
export class RtpPortsExhaustedError extends Error {
  override readonly name = 'RtpPortsExhaustedError';
}
