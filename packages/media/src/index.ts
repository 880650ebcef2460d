export { AudioError, InvalidStateError, RtpPortsExhaustedError, type AudioErrorCode } from './errors.ts';
export { TypedEventEmitter, type EventMap } from './typed-event-emitter.ts';
export { systemClock, type Clock, type TimerHandle } from './clock.ts';
export { isRtcp, RTP_VERSION, RtpPacket, type RtpHeaderExtension, type RtpPacketInit } from './rtp-packet.ts';
export { parseRtcp, type RtcpOtherPacket, type RtcpPacket } from './rtcp-packet.ts';
export type { RtcpReportBlock } from './rtcp-report-block.ts';
export { serializeSenderReport, type RtcpSenderReport } from './rtcp-sender-report.ts';
export { serializeReceiverReport, type RtcpReceiverReport } from './rtcp-receiver-report.ts';
export { serializeBye, type RtcpBye } from './rtcp-bye.ts';
export { serializeSdesCname } from './rtcp-sdes.ts';
export { RtpReceiveStatistics, type ReceptionSummary } from './rtp-receive-statistics.ts';
export { RtcpReporter, type RtcpReporterOptions } from './rtcp-reporter.ts';
export {
  digitToEvent,
  eventToDigit,
  TELEPHONE_EVENT_LENGTH,
  TelephoneEvent,
  type DtmfDigit,
  type TelephoneEventInit,
} from './telephone-event.ts';
export { DtmfDetector, type DtmfDetectorEvents, type DtmfDigitEndEvent, type DtmfDigitEvent } from './dtmf-detector.ts';
export {
  decodeG711,
  encodeG711,
  G711_PAYLOAD_TYPES,
  G711_SAMPLE_RATE,
  g711CodecForPayloadType,
  g711Silence,
  transcodeG711,
  type G711Codec,
} from './g711.ts';
export { RtpPortPool, type RtpPortAllocation, type RtpPortPoolOptions } from './rtp-port-pool.ts';
export { RtpStreamRewriter, type RtpStreamRewriterOptions } from './rtp-stream-rewriter.ts';
export {
  RtpEndpoint,
  type RemoteSignalling,
  type RtpDropTally,
  type RtpEndpointEvents,
  type RtpEndpointOptions,
  type RtpEndpointStats,
  type TransportAddress,
} from './rtp-endpoint.ts';
export {
  isPrivateAddress,
  MediaSourceRule,
  normaliseHost,
  type MediaSourceRuleOptions,
  type MediaSourceState,
  type SourceVerdict,
} from './media-source-rule.ts';
export {
  MediaBridge,
  type MediaBridgeEvents,
  type MediaBridgeOptions,
  type MediaBridgeStats,
  type MediaLeg,
} from './media-bridge.ts';
export {
  int16ToBytes,
  parseWav,
  pcm16Wav,
  wavDurationSeconds,
  wavHeader,
  wavSamples,
  writeWav,
  type WavAudio,
  type WavEncoding,
} from './wav.ts';
export {
  Player,
  type PlayerEndReason,
  type PlayerEvents,
  type PlayerOptions,
  type PlayerState,
  type RtpSender,
} from './player.ts';
export {
  Recorder,
  type RecorderEvents,
  type RecorderOptions,
  type RecordingEndReason,
  type RecordingResult,
  type SilenceOptions,
} from './recorder.ts';
export { fileRecordingSink, type RecordingSink } from './recording-sink.ts';
export { runProcess, type ProcessResult, type RunProcessOptions } from './run-process.ts';
export { sniffAudioContainer, type AudioContainer } from './container-sniffer.ts';
export type { AudioConverter, ConvertedAudio } from './audio-converter.ts';
export { FfmpegAudioConverter, type FfmpegAudioConverterOptions } from './ffmpeg-audio-converter.ts';
export type { TextToSpeech } from './text-to-speech.ts';
export { EspeakTextToSpeech, espeakVoiceFor, type EspeakTextToSpeechOptions } from './espeak-text-to-speech.ts';
export {
  describeToolAvailability,
  toolAvailability,
  type ToolAvailability,
  type ToolPaths,
  type ToolStatus,
} from './tool-availability.ts';
export { waveformPeaks } from './waveform.ts';
export { WavFileWriter, type WavFileWriterOptions } from './wav-file-writer.ts';
export { CallRecorder, type CallRecorderOptions, type RecordingChannel } from './call-recorder.ts';
export { callProgressTone, concatPcm, silence, tone, type CallProgressTone, type ToneOptions } from './tones.ts';
export { HOLD_MUSIC_NOTE_MS, HOLD_MUSIC_NOTES, HOLD_MUSIC_REST_MS, holdMusic } from './hold-music.ts';
export { ConcurrencyLimit } from './concurrency-limit.ts';
export { InbandDtmfGenerator } from './inband-dtmf-generator.ts';
export { goertzelPower } from './goertzel.ts';
export {
  InbandDtmfDetector,
  type InbandDtmfDetectorEvents,
  type InbandDtmfDetectorOptions,
} from './inband-dtmf-detector.ts';
export { TelephoneEventSender, type TelephoneEventSenderOptions } from './telephone-event-sender.ts';
export {
  DigitStream,
  type DigitSource,
  type DigitStreamEvents,
  type DigitStreamFormat,
  type DigitStreamOptions,
  type StreamDigit,
} from './digit-stream.ts';
export {
  CachedTextToSpeech,
  type CachedTextToSpeechOptions,
  type TextToSpeechCacheStats,
} from './cached-text-to-speech.ts';
