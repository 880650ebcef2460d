import type {
  CallMediaEvent,
  CallRecordingRequest,
  Dtmf,
  MediaSide,
  MessageRecordingRequest,
  MessageRecordingResult,
  PlaybackEnd,
  RecordingSummary,
} from '../callMedia.ts';
import type { SideConfig } from '../callPlane.ts';
import type { MediaPlaneFigures } from '../mediaPlaneTally.ts';
import type { ThreadLoad } from '../../kernel/threadLoad.ts';

/**
 * The messages between the switch's thread and a media worker (issue 11, "Media on every core").
 * Every message is plain structured-clone data (no class instances, no functions), so it crosses a
 * `MessagePort` as it is; prompt samples go as `Int16Array`s (copied once per `play` and the
 * copies transferred, the switch's prompt cache keeps its own).
 *
 * - The switch sends {@link CommandMessage}s, one per `CallPlane` command, each with an `id`; the
 *   worker carries them out in the order they came and answers each with a {@link ReplyMessage} of
 *   the same `id` (a value, or the error's name and message).
 * - The worker sends {@link EventMessage}s (a call's digits, inactivity), {@link StatsMessage}s
 *   (after every open and close, and periodically) and {@link FileRequestMessage}s: the worker
 *   writes recordings and voicemail through the switch's `FileStore`, which answers with a
 *   {@link FileReplyMessage} — so any file store works (the disk one of `vaxel start`, a test's).
 */

/** What a worker is started with (its `workerData`). */
export interface MediaWorkerData {
  /** The address its RTP ports bind to (the switch's `bindAddress`). */
  bindAddress: string;
  /** Its own slice of the switch's RTP port range: workers' pools never hand out the same port. */
  rtpPortRange: { min: number; max: number };
  /** How often it reports its figures when nothing else happens. */
  statsIntervalMs: number;
}

export type PlaneCommand =
  | { name: 'open'; inactivityTimeoutMs: number }
  | { name: 'configure'; side: MediaSide; config: SideConfig }
  | { name: 'setHeld'; held: boolean }
  | { name: 'bridge' }
  | { name: 'unbridge' }
  | {
      name: 'play';
      side: MediaSide;
      request: { clips: Int16Array[]; loop: boolean; bargeIn: boolean; offsetMs: number };
    }
  | { name: 'stopPlaying'; side: MediaSide }
  | { name: 'injectDigit'; side: MediaSide; digit: Dtmf }
  | { name: 'startRecording'; recordingId: number; request: CallRecordingRequest }
  | { name: 'stopRecording'; recordingId: number }
  | { name: 'recordMessage'; messageId: number; side: MediaSide; request: MessageRecordingRequest }
  | { name: 'abortMessage'; messageId: number }
  | { name: 'close' };

export type PlaneCommandName = PlaneCommand['name'];

/** What each command's reply carries. */
export interface PlaneReplies {
  open: { localPorts: Record<MediaSide, number> };
  configure: null;
  setHeld: null;
  bridge: null;
  unbridge: null;
  play: PlaybackEnd;
  stopPlaying: null;
  injectDigit: null;
  startRecording: null;
  stopRecording: RecordingSummary;
  recordMessage: MessageRecordingResult;
  abortMessage: null;
  close: null;
}

export interface CommandMessage {
  kind: 'command';
  id: number;
  callId: string;
  command: PlaneCommand;
}

export interface FileReplyMessage {
  kind: 'fileReply';
  id: number;
  result: Outcome<FileValue>;
}

/** The switch's thread → a worker. */
export type ToWorkerMessage = CommandMessage | FileReplyMessage;

/** An error as it crosses the port: its class name (kept, e.g. `InvalidStateError`) and message. */
export interface CarriedError {
  name: string;
  message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: CarriedError };

export interface ReplyMessage {
  kind: 'reply';
  id: number;
  result: Outcome<unknown>;
}

export interface EventMessage {
  kind: 'event';
  callId: string;
  event: CallMediaEvent;
}

/**
 * A worker's figures: its RTP ports now; its calls' RTP figures, totals since it started (summed
 * once a second; the calls open and the strangers' packets dropped are current in every report);
 * its thread's load over the last second.
 */
export interface StatsMessage {
  kind: 'stats';
  /** RTP port pairs in use now. */
  rtpPorts: number;
  figures: MediaPlaneFigures;
  load: ThreadLoad;
}

export type FileRequest =
  | { op: 'openWriter'; key: string }
  | { op: 'write'; writerId: number; data: Uint8Array; position: number }
  | { op: 'sync'; writerId: number }
  | { op: 'closeWriter'; writerId: number }
  | { op: 'delete'; key: string }
  | { op: 'put'; key: string; data: Uint8Array }
  | { op: 'get'; key: string };

/** `openWriter` answers with the writer's id, `get` with the bytes or null, the others with null. */
export type FileValue = number | Uint8Array | null;

export interface FileRequestMessage {
  kind: 'file';
  id: number;
  request: FileRequest;
}

export interface ReadyMessage {
  kind: 'ready';
}

/** A worker → the switch's thread. */
export type FromWorkerMessage = ReadyMessage | ReplyMessage | EventMessage | StatsMessage | FileRequestMessage;

/** A message that is not of the protocol: a bug on one side, never silently ignored. */
export class MediaWorkerProtocolError extends Error {
  override readonly name = 'MediaWorkerProtocolError';
}

export function carryError(error: unknown): CarriedError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The carried error as an `Error` of the same name (so `error.name` checks still hold). */
export function liftError(carried: CarriedError): Error {
  const error = new Error(carried.message);
  error.name = carried.name;
  return error;
}

const SIDES = new Set<string>(['caller', 'callee']);
const COMMANDS = new Set<string>([
  'open',
  'configure',
  'setHeld',
  'bridge',
  'unbridge',
  'play',
  'stopPlaying',
  'injectDigit',
  'startRecording',
  'stopRecording',
  'recordMessage',
  'abortMessage',
  'close',
]);
const FILE_OPS = new Set<string>(['openWriter', 'write', 'sync', 'closeWriter', 'delete', 'put', 'get']);

/** Reads a message a worker received; throws {@link MediaWorkerProtocolError} on anything else. */
export function parseToWorker(value: unknown): ToWorkerMessage {
  const message = record(value, 'message');
  if (message.kind === 'command') {
    const command = record(message.command, 'command');
    if (typeof command.name !== 'string' || !COMMANDS.has(command.name))
      throw new MediaWorkerProtocolError(`unknown command ${JSON.stringify(command.name)}`);
    if ('side' in command && !SIDES.has(command.side as string))
      throw new MediaWorkerProtocolError(`command ${command.name}: no side ${JSON.stringify(command.side)}`);
    if (command.name === 'play') {
      const request = record(command.request, 'play request');
      if (!Array.isArray(request.clips) || !request.clips.every((clip) => clip instanceof Int16Array))
        throw new MediaWorkerProtocolError('play: clips must be Int16Array samples');
    }
    return { kind: 'command', id: id(message.id), callId: text(message.callId, 'callId'), command } as CommandMessage;
  }
  if (message.kind === 'fileReply') {
    return { kind: 'fileReply', id: id(message.id), result: outcome(message.result) as Outcome<FileValue> };
  }
  throw new MediaWorkerProtocolError(`a worker takes no message of kind ${JSON.stringify(message.kind)}`);
}

/** Reads a message from a worker; throws {@link MediaWorkerProtocolError} on anything else. */
export function parseFromWorker(value: unknown): FromWorkerMessage {
  const message = record(value, 'message');
  switch (message.kind) {
    case 'ready':
      return { kind: 'ready' };
    case 'reply':
      return { kind: 'reply', id: id(message.id), result: outcome(message.result) };
    case 'event': {
      const event = record(message.event, 'event');
      if ((event.type !== 'digit' && event.type !== 'inactive') || !SIDES.has(event.side as string))
        throw new MediaWorkerProtocolError(`not a call media event: ${JSON.stringify(event)}`);
      return { kind: 'event', callId: text(message.callId, 'callId'), event: event as CallMediaEvent };
    }
    case 'stats':
      return {
        kind: 'stats',
        rtpPorts: count(message.rtpPorts, 'rtpPorts'),
        figures: figures(message.figures),
        load: load(message.load),
      };
    case 'file': {
      const request = record(message.request, 'file request');
      if (typeof request.op !== 'string' || !FILE_OPS.has(request.op))
        throw new MediaWorkerProtocolError(`unknown file operation ${JSON.stringify(request.op)}`);
      if ('key' in request) text(request.key, 'key');
      if ('data' in request && !(request.data instanceof Uint8Array))
        throw new MediaWorkerProtocolError(`file ${request.op}: data must be bytes`);
      return { kind: 'file', id: id(message.id), request: request as FileRequest };
    }
    default:
      throw new MediaWorkerProtocolError(`no message of kind ${JSON.stringify(message.kind)} from a worker`);
  }
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MediaWorkerProtocolError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function id(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0)
    throw new MediaWorkerProtocolError(`message id ${JSON.stringify(value)} is no counter`);
  return value as number;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new MediaWorkerProtocolError(`${what} ${JSON.stringify(value)} is no count`);
  return value;
}

function figures(value: unknown): MediaPlaneFigures {
  const figures = record(value, 'figures');
  return {
    calls: count(figures.calls, 'calls'),
    packetsReceived: count(figures.packetsReceived, 'packetsReceived'),
    packetsSent: count(figures.packetsSent, 'packetsSent'),
    packetsLost: count(figures.packetsLost, 'packetsLost'),
    strangerPacketsDropped: count(figures.strangerPacketsDropped, 'strangerPacketsDropped'),
    streamsReceiving: count(figures.streamsReceiving, 'streamsReceiving'),
    jitterMs: jitter(figures.jitterMs),
  };
}

function jitter(value: unknown): MediaPlaneFigures['jitterMs'] {
  const jitter = record(value, 'jitterMs');
  return { mean: count(jitter.mean, 'jitter'), max: count(jitter.max, 'jitter') };
}

function load(value: unknown): ThreadLoad {
  const load = record(value, 'load');
  return {
    eventLoopDelayMs: count(load.eventLoopDelayMs, 'eventLoopDelayMs'),
    utilization: count(load.utilization, 'utilization'),
  };
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new MediaWorkerProtocolError(`${what} must be a string`);
  return value;
}

function outcome(value: unknown): Outcome<unknown> {
  const result = record(value, 'result');
  if (result.ok === true) return { ok: true, value: result.value };
  if (result.ok === false) {
    const error = record(result.error, 'error');
    return { ok: false, error: { name: String(error.name), message: String(error.message) } };
  }
  throw new MediaWorkerProtocolError('a result must say ok true or false');
}
