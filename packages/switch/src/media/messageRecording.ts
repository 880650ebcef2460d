import {
  Recorder,
  type Clock,
  type DigitStream,
  type G711Codec,
  type RecordingEndReason,
  type RtpEndpoint,
  type RtpPacket,
  type StreamDigit,
} from '@vaxel/media';
import type { FileStore } from '@vaxel/store';
import type { MessageRecordingRequest, MessageRecordingResult } from './callMedia.ts';

export interface MessageRecordingOptions {
  files: FileStore;
  request: MessageRecordingRequest;
  /** The side's endpoint (what the caller says) and its digit stream (the stop keys). */
  endpoint: RtpEndpoint;
  digits: DigitStream;
  payloadTypes: Readonly<Record<number, G711Codec>>;
  signal: AbortSignal;
  clock?: Clock;
}

/** Kept back from the file so the stop key's in-band tone (heard ~50–80 ms in) is left out. */
const STOP_KEY_HOLD_BACK_MS = 300;

const ENDED_BY: Record<RecordingEndReason, MessageRecordingResult['endedBy']> = {
  digit: 'digit',
  silence: 'silence',
  'max-duration': 'maxLength',
  stopped: 'stopped',
  'endpoint-closed': 'stopped',
};

/**
 * R76: one direction recorded as a voicemail message, written to the file store as it comes.
 * Ends at a stop key (not part of the message), after `silenceMs` of silence (the first second
 * after the start does not count, trailing silence is left out), at `maxMs`, or when `signal`
 * aborts (the caller hung up: the message is kept like any other). Shorter than `minMs`, the file
 * is deleted and `kept` is false.
 */
export async function recordMessage(options: MessageRecordingOptions): Promise<MessageRecordingResult> {
  const { request, files, signal, endpoint, digits } = options;
  const stopDigits = new Set<string>(request.stopDigits ?? ['#']);
  // Listen at once, before the file is open: what the caller says (or a stop key) in the
  // milliseconds that takes must not be lost.
  let recorder: Recorder | undefined;
  let early: RtpPacket[] = [];
  let stopWith: 'digit' | 'stopped' | undefined;
  const stop = (reason: 'digit' | 'stopped') => {
    if (recorder) void recorder.stop(reason).catch(() => undefined);
    else stopWith ??= reason;
  };
  const onRtp = (packet: RtpPacket) => {
    if (!recorder && !stopWith) early.push(packet.clone());
  };
  const onDigit = ({ digit }: StreamDigit) => {
    if (stopDigits.has(digit)) stop('digit');
  };
  const onAbort = () => stop('stopped');
  endpoint.on('rtp', onRtp);
  digits.on('digit', onDigit);
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    const writer = await files.openWriter(request.key);
    try {
      recorder = await Recorder.open(writer, {
        payloadTypes: options.payloadTypes,
        maxDurationMs: request.maxMs ?? 180_000,
        silence: { endAfterMs: request.silenceMs ?? 5000 },
        holdBackMs: STOP_KEY_HOLD_BACK_MS,
        ...(options.clock ? { clock: options.clock } : {}),
      });
    } catch (error) {
      await writer.close().catch(() => undefined);
      throw error;
    }
    const finished = new Promise<{ durationMs: number; reason: RecordingEndReason }>((resolve, reject) => {
      recorder!.on('done', resolve);
      recorder!.on('error', reject);
    });
    for (const packet of early) recorder.push(packet);
    early = [];
    endpoint.off('rtp', onRtp);
    if (stopWith) void recorder.stop(stopWith).catch(() => undefined);
    else recorder.attach(endpoint);
    const result = await finished;
    const kept = result.durationMs >= (request.minMs ?? 1000);
    if (!kept) await files.delete(request.key);
    return { endedBy: ENDED_BY[result.reason], durationMs: result.durationMs, kept };
  } finally {
    endpoint.off('rtp', onRtp);
    digits.off('digit', onDigit);
    signal.removeEventListener('abort', onAbort);
  }
}
