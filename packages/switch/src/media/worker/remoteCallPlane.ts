import { InvalidStateError } from '@vaxel/media';
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
import type { CallPlane, PlanePlayRequest, SideConfig } from '../callPlane.ts';
import type { PlaneCommand, PlaneCommandName, PlaneReplies } from './mediaWorkerProtocol.ts';

/** Sends one call's commands to its worker; each resolves with the worker's reply (in order). */
export interface PlaneChannel {
  send<N extends PlaneCommandName>(
    callId: string,
    command: Extract<PlaneCommand, { name: N }>,
    /** Buffers moved to the worker rather than copied (a playback's own copy of its clips). */
    transfer?: ArrayBuffer[],
  ): Promise<PlaneReplies[N]>;
  /** The call is over on this channel (closed, or its worker gone): it routes nothing more to it. */
  forget(callId: string): void;
}

/** The media worker of a call exited: its audio is gone. */
export class MediaWorkerGone extends Error {
  override readonly name = 'MediaWorkerGone';
}

/**
 * A call's {@link CallPlane} in a media worker (issue 11): every command is a message to the
 * worker (posted in the order called, so `configure` before `bridge` is configured there too),
 * its Promise resolved by the worker's reply; the worker's events for the call come to
 * {@link RemoteCallPlane.dispatch} and go to the listeners.
 *
 * When the worker dies ({@link RemoteCallPlane.workerGone}) the call's media is gone: listeners
 * hear `inactive` on both sides (as when both parties' RTP stopped; a listener that subscribes
 * later hears it too), so the call ends the way an RTP timeout ends it, at the worker's last
 * sign of life. Playbacks end `stopped`, bridging and closing succeed (there is nothing left to
 * do), recordings and messages fail with {@link MediaWorkerGone}.
 */
export class RemoteCallPlane implements CallPlane {
  readonly callId: string;
  readonly localPorts: Readonly<Record<MediaSide, number>>;
  readonly #channel: PlaneChannel;
  readonly #listeners = new Set<(event: CallMediaEvent) => void>();
  #nextRecordingId = 1;
  #gone: { silentForMs: number; at: number } | null = null;
  #closing: Promise<void> | null = null;

  /** Opens the call's plane on the channel's worker: its RTP ports are bound when this resolves. */
  static async open(channel: PlaneChannel, callId: string, inactivityTimeoutMs: number): Promise<RemoteCallPlane> {
    const { localPorts } = await channel.send(callId, { name: 'open', inactivityTimeoutMs });
    return new RemoteCallPlane(channel, callId, localPorts);
  }

  private constructor(channel: PlaneChannel, callId: string, localPorts: Record<MediaSide, number>) {
    this.#channel = channel;
    this.callId = callId;
    this.localPorts = localPorts;
  }

  configure(side: MediaSide, config: SideConfig): void {
    this.#quietly(this.#send({ name: 'configure', side, config }));
  }

  setHeld(held: boolean): void {
    this.#quietly(this.#send({ name: 'setHeld', held }));
  }

  async bridge(): Promise<void> {
    await this.#send({ name: 'bridge' }).catch(this.#unlessGone);
  }

  async unbridge(): Promise<void> {
    await this.#send({ name: 'unbridge' }).catch(this.#unlessGone);
  }

  play(side: MediaSide, request: PlanePlayRequest): Promise<PlaybackEnd> {
    // The clips' samples copied once, exactly (a clip may be a view into a larger buffer, which a
    // structured clone would copy whole), and the copies moved to the worker: the switch's prompt
    // cache keeps its own.
    const clips = request.clips.map((clip) => clip.slice());
    const command = {
      name: 'play' as const,
      side,
      request: { clips, loop: request.loop, bargeIn: request.bargeIn, offsetMs: request.offsetMs },
    };
    const transfer = clips.map((clip) => clip.buffer as ArrayBuffer);
    return this.#send(command, transfer).catch((error: unknown): PlaybackEnd => {
      this.#unlessGone(error);
      return { reason: 'stopped' };
    });
  }

  async stopPlaying(side: MediaSide): Promise<void> {
    await this.#send({ name: 'stopPlaying', side }).catch(this.#unlessGone);
  }

  injectDigit(side: MediaSide, digit: Dtmf, _source: 'info'): void {
    this.#quietly(this.#send({ name: 'injectDigit', side, digit }));
  }

  async startRecording(request: CallRecordingRequest): Promise<{ stop(): Promise<RecordingSummary> }> {
    const recordingId = this.#nextRecordingId++;
    await this.#send({ name: 'startRecording', recordingId, request });
    let stopped: Promise<RecordingSummary> | null = null;
    return {
      stop: () => {
        stopped ??= this.#send({ name: 'stopRecording', recordingId });
        return stopped;
      },
    };
  }

  recordMessage(
    side: MediaSide,
    request: MessageRecordingRequest,
    signal: AbortSignal,
  ): Promise<MessageRecordingResult> {
    const messageId = this.#nextRecordingId++;
    const recorded = this.#send({ name: 'recordMessage', messageId, side, request });
    // Sent after the command, so the worker knows the message when the abort comes.
    const onAbort = () => this.#quietly(this.#send({ name: 'abortMessage', messageId }));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return recorded.finally(() => signal.removeEventListener('abort', onAbort));
  }

  on(listener: (event: CallMediaEvent) => void): () => void {
    this.#listeners.add(listener);
    const gone = this.#gone;
    // Subscribed after the worker died: the listener hears of it all the same.
    if (gone) setImmediate(() => this.#listeners.has(listener) && this.#tellGone(listener, gone));
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closing ??= this.#send({ name: 'close' })
      .then(() => undefined, this.#unlessGone)
      .finally(() => {
        this.#listeners.clear();
        this.#channel.forget(this.callId);
      });
    return this.#closing;
  }

  /** An event of this call from its worker. */
  dispatch(event: CallMediaEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  /** The worker exited; it was last heard from `silentForMs` ago. */
  workerGone(silentForMs: number): void {
    if (this.#gone) return;
    const gone = { silentForMs, at: performance.now() };
    this.#gone = gone;
    for (const listener of [...this.#listeners]) this.#tellGone(listener, gone);
  }

  get gone(): boolean {
    return this.#gone !== null;
  }

  #tellGone(listener: (event: CallMediaEvent) => void, gone: { silentForMs: number; at: number }): void {
    const silentForMs = gone.silentForMs + (performance.now() - gone.at);
    for (const side of ['caller', 'callee'] as const) listener({ type: 'inactive', side, silentForMs });
  }

  #send<N extends PlaneCommandName>(
    command: Extract<PlaneCommand, { name: N }>,
    transfer?: ArrayBuffer[],
  ): Promise<PlaneReplies[N]> {
    if (this.#gone) return Promise.reject(new MediaWorkerGone('the media worker of this call exited'));
    if (this.#closing && command.name !== 'close')
      return command.name === 'play'
        ? Promise.resolve({ reason: 'stopped' } as PlaneReplies[N])
        : command.name === 'startRecording' || command.name === 'recordMessage'
          ? Promise.reject(new InvalidStateError('the call media is closed'))
          : Promise.resolve(null as PlaneReplies[N]);
    return this.#channel.send(this.callId, command, transfer);
  }

  /** Commands without a reply to wait for (configure, setHeld, injectDigit): a gone worker is told by events. */
  #quietly(reply: Promise<unknown>): void {
    reply.catch(() => undefined);
  }

  /** A gone worker leaves nothing to do; any other failure is the command's. */
  readonly #unlessGone = (error: unknown): void => {
    if (!(error instanceof MediaWorkerGone)) throw error;
  };
}
