/** Audio in the telephony format the switch plays: RIFF WAVE, PCM 16-bit, 8000 Hz, mono. */
export interface ConvertedAudio {
  wav: Uint8Array;
  durationSeconds: number;
}

/**
 * Converts uploaded or recorded audio (WAV, MP3, OGG/Vorbis, OGG/Opus, WebM/Opus — what browsers'
 * MediaRecorder produces — and MP4/AAC from Safari) for telephony.
 *
 * Rejects with {@link AudioError}: `audio_too_large`, `unsupported_audio` (not audio, or a format
 * we do not read), `corrupt_audio` (a known format that cannot be decoded), `audio_too_long`,
 * `tool_unavailable`.
 */
export interface AudioConverter {
  toTelephonyWav(input: Uint8Array): Promise<ConvertedAudio>;
}
