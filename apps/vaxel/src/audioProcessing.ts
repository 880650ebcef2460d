import type { AudioProcessing } from '@vaxel/api';
import { audioLimits } from '@vaxel/domain';
import { EspeakTextToSpeech, FfmpegAudioConverter, waveformPeaks, type ConvertedAudio } from '@vaxel/media';

/**
 * The API's audio port over @vaxel/media: ffmpeg converts uploads and browser recordings to the
 * 8 kHz mono telephony WAV, espeak-ng speaks prompts locally (R41, R80). Media's AudioError
 * codes pass through unchanged; the API maps them to problem details.
 */
export function mediaAudioProcessing(): AudioProcessing {
  const converter = new FfmpegAudioConverter({
    maxInputBytes: audioLimits.maxBytes,
    maxDurationSeconds: audioLimits.maxSeconds,
  });
  const tts = new EspeakTextToSpeech({ converter });
  const toResult = (audio: ConvertedAudio) => ({
    wav: Buffer.from(audio.wav.buffer, audio.wav.byteOffset, audio.wav.byteLength),
    durationMs: Math.round(audio.durationSeconds * 1000),
  });
  return {
    async convertUpload(data) {
      return toResult(await converter.toTelephonyWav(data));
    },
    supportsLanguage(languageTag) {
      return tts.supportsLanguage(languageTag);
    },
    async synthesize(text, language) {
      return toResult(await tts.synthesize(text, language));
    },
    waveform(wav, points) {
      return waveformPeaks(wav, points);
    },
  };
}
