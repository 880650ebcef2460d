import { CallRecorder, type Clock, type G711Codec, type RtpEndpoint } from '@vaxel/media';
import type { FileStore } from '@vaxel/store';
import type { CallRecordingRequest, RecordingSummary } from './callMedia.ts';

export interface CallRecordingHandle {
  /** Finishes the file (safe twice, same summary). */
  stop(): Promise<RecordingSummary>;
}

export interface CallRecordingOptions {
  files: FileStore;
  request: CallRecordingRequest;
  caller: RtpEndpoint;
  callee: RtpEndpoint;
  /** The audio payload types of both sides (a dynamic G.711 type on either must be recognised). */
  payloadTypes: Readonly<Record<number, G711Codec>>;
  clock?: Clock;
}

/**
 * R77: a call recording written to the file store while the call runs (the store's
 * `openWriter`, so a crash leaves a valid WAV of all but the last seconds). What each side's
 * endpoint receives goes in: the caller on the left channel, the callee on the right (or both
 * mixed to mono). Prompts the switch plays are not in it — the parties' voices are.
 */
export async function startCallRecording(options: CallRecordingOptions): Promise<CallRecordingHandle> {
  const writer = await options.files.openWriter(options.request.key);
  let recorder: CallRecorder;
  try {
    recorder = await CallRecorder.open(writer, {
      layout: options.request.channels === 'stereo' ? 'stereo' : 'mixed',
      payloadTypes: options.payloadTypes,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  } catch (error) {
    await writer.close().catch(() => undefined);
    throw error;
  }
  recorder.attach(options.caller, 0);
  recorder.attach(options.callee, 1);
  let stopped: Promise<RecordingSummary> | undefined;
  return {
    stop() {
      stopped ??= recorder.stop().then((result) => ({ durationMs: result.durationMs, bytes: result.bytes }));
      return stopped;
    },
  };
}
