import {
  DigitStream,
  InvalidStateError,
  G711_SAMPLE_RATE,
  MediaBridge,
  Player,
  RtpEndpoint,
  systemClock,
  type Clock,
  type G711Codec,
  type RtpPortPool,
} from '@vaxel/media';
import type { FileStore } from '@vaxel/store';
import type {
  CallMediaEvent,
  CallRecordingRequest,
  Dtmf,
  MediaSide,
  MessageRecordingRequest,
  MessageRecordingResult,
  PlaybackEnd,
  RecordingSummary,
} from './callMedia.ts';
import type { CallPlane, PlanePlayRequest, SideConfig } from './callPlane.ts';
import { startCallRecording, type CallRecordingHandle } from './callRecording.ts';
import type { MediaPlaneTally } from './mediaPlaneTally.ts';
import { recordMessage } from './messageRecording.ts';

export interface LocalCallPlaneOptions {
  /** The plane's RTP port pool; the call takes two port pairs from it and gives them back on close. */
  pool: RtpPortPool;
  /** RTP silence on a watched side after which `inactive` is emitted (0 = never). */
  inactivityTimeoutMs: number;
  /** Where recordings and voicemail messages are written. */
  files: FileStore;
  /** Paces playback and drives timers (the media plane's monotonic clock by default). */
  clock?: Clock;
  /** The plane's RTP figures over every call (packets, loss, jitter, strangers dropped). */
  tally?: MediaPlaneTally;
}

interface Playback {
  player: Player;
  bargeIn: boolean;
  /** Why it ends when stopped from outside (a digit, or `stopped`). */
  endedBy: PlaybackEnd;
}

interface SideState {
  readonly name: MediaSide;
  readonly endpoint: RtpEndpoint;
  readonly digits: DigitStream;
  codec: { codec: G711Codec; payloadType: number } | null;
  telephoneEventPayloadType: number | null;
  playback: Playback | null;
  /** Media clock time of the side's last RTP packet, or of when its timeout was (re)armed if later. */
  silentSince: number;
}

/**
 * One call's media plane in this thread (switch.md, "Media per call"): the caller talks to one RTP
 * endpoint, the callee to another; what the SDP negotiation decided comes in by `configure`.
 *
 * - **Playback** (`play`): a {@link Player} paced at 20 ms in the side's codec and payload type;
 *   clips back to back, `loop` for music on hold. The endpoint's stream rewriter keeps SSRC and
 *   sequence numbers continuous with whatever the side heard before, and marks the first packet.
 * - **Bridging** relays the two sides through a {@link MediaBridge}; `bridge()` stops playback on
 *   both sides. A `play` while bridged is an announcement (e.g. "this call is recorded", played
 *   to both sides): the bridge is paused while any playback runs, so neither side hears the other
 *   over the prompt, and resumes by itself when the last playback ends (unless `unbridge()`d).
 * - **Digits**: each side has one {@link DigitStream} (RFC 4733, SIP INFO via `injectDigit`, and
 *   in-band tones until the side's first RFC 4733 event — so in-band works for peers that offer
 *   telephone-event but send tones, and a press is never reported twice). Digits are detected
 *   while bridged too (on-demand recording, `*1`). A digit stops the side's playback when the
 *   playback allows barge-in, then goes to listeners as a `digit` event.
 * - **Inactivity**: once media is meant to flow on a side (a playback, a recording, the bridge),
 *   RTP silence for `inactivityTimeoutMs` emits `inactive` (R78); a held call turns it off.
 *
 * `close()` is safe twice; it ends playbacks (`stopped`), finishes recordings and frees the ports.
 */
export class LocalCallPlane implements CallPlane {
  readonly #options: LocalCallPlaneOptions;
  readonly #clock: Clock;
  readonly #caller: SideState;
  readonly #callee: SideState;
  readonly #listeners = new Set<(event: CallMediaEvent) => void>();
  readonly #watched = new Set<MediaSide>();
  readonly #recordings = new Set<CallRecordingHandle>();
  readonly #messages = new Set<{ abort: AbortController; recorded: Promise<MessageRecordingResult> }>();
  readonly localPorts: Readonly<Record<MediaSide, number>>;
  #bridgeWanted = false;
  #bridge: MediaBridge | null = null;
  #held = false;
  #closed = false;
  #closing: Promise<void> | null = null;

  static async open(options: LocalCallPlaneOptions): Promise<LocalCallPlane> {
    const endpointOptions = {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.tally ? { tally: options.tally.drops } : {}),
    };
    const caller = await RtpEndpoint.open(options.pool, endpointOptions);
    let callee: RtpEndpoint;
    try {
      callee = await RtpEndpoint.open(options.pool, endpointOptions);
    } catch (error) {
      caller.close();
      throw error;
    }
    return new LocalCallPlane(options, caller, callee);
  }

  private constructor(options: LocalCallPlaneOptions, caller: RtpEndpoint, callee: RtpEndpoint) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#caller = this.#side('caller', caller);
    this.#callee = this.#side('callee', callee);
    this.localPorts = { caller: caller.localPort, callee: callee.localPort };
    options.tally?.opened([caller, callee]);
  }

  /** Both sides' endpoints, for the plane's own figures (packets, loss, jitter). */
  get endpoints(): readonly RtpEndpoint[] {
    return [this.#caller.endpoint, this.#callee.endpoint];
  }

  configure(side: MediaSide, config: SideConfig): void {
    if (this.#closed) return;
    const state = this.#state(side);
    if (config.format) {
      const { codec, payloadType, telephoneEventPayloadType } = config.format;
      state.codec = { codec, payloadType };
      state.telephoneEventPayloadType = telephoneEventPayloadType;
      state.digits.setFormat({ telephoneEventPayloadType, audio: state.codec });
    }
    if (config.remote) {
      const { address, port, signalledFrom } = config.remote;
      // RFC 7362: the port hears the SDP's address, or for a phone behind NAT its SIP host.
      state.endpoint.setRemote({ address, port }, { signalledFrom });
    }
  }

  setHeld(held: boolean): void {
    if (this.#closed) return;
    this.#held = held;
    for (const side of this.#watched) this.#rearm(side);
  }

  async bridge(): Promise<void> {
    if (this.#closed) return;
    this.#bridgeWanted = true;
    for (const side of [this.#caller, this.#callee]) this.#stopPlayback(side, { reason: 'stopped' });
    this.#connectBridge();
  }

  async unbridge(): Promise<void> {
    this.#bridgeWanted = false;
    this.#disconnectBridge();
  }

  play(side: MediaSide, request: PlanePlayRequest): Promise<PlaybackEnd> {
    if (this.#closed) return Promise.resolve({ reason: 'stopped' });
    const state = this.#state(side);
    const codec = state.codec;
    if (!codec)
      return Promise.reject(new InvalidStateError(`no SDP negotiated with the ${side} yet: nothing to play to`));
    this.#stopPlayback(state, { reason: 'stopped' });
    // An announcement while bridged: neither side hears the other over it.
    this.#disconnectBridge();
    const player = new Player(state.endpoint, request.clips, {
      codec: codec.codec,
      payloadType: codec.payloadType,
      loop: request.loop,
      startSample: Math.max(0, Math.round((request.offsetMs * G711_SAMPLE_RATE) / 1000)),
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    });
    const playback: Playback = { player, bargeIn: request.bargeIn, endedBy: { reason: 'stopped' } };
    state.playback = playback;
    this.#watch(side);
    const ended = player.done.then((reason): PlaybackEnd => {
      if (state.playback === playback) state.playback = null;
      if (this.#bridgeWanted && !this.#caller.playback && !this.#callee.playback) this.#connectBridge();
      return reason === 'ended' ? { reason: 'finished' } : playback.endedBy;
    });
    player.start();
    return ended;
  }

  async stopPlaying(side: MediaSide): Promise<void> {
    const state = this.#state(side);
    const playback = state.playback;
    this.#stopPlayback(state, { reason: 'stopped' });
    if (playback) await playback.player.done;
  }

  injectDigit(side: MediaSide, digit: Dtmf, source: 'info'): void {
    if (this.#closed) return;
    this.#state(side).digits.inject(digit, source);
  }

  async startRecording(request: CallRecordingRequest): Promise<{ stop(): Promise<RecordingSummary> }> {
    if (this.#closed) throw new InvalidStateError('the call media is closed');
    const handle = await startCallRecording({
      files: this.#options.files,
      request,
      caller: this.#caller.endpoint,
      callee: this.#callee.endpoint,
      payloadTypes: { ...this.#audioTypes(this.#callee), ...this.#audioTypes(this.#caller) },
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    });
    this.#recordings.add(handle);
    this.#watch('caller');
    return {
      stop: () => {
        this.#recordings.delete(handle);
        return handle.stop();
      },
    };
  }

  recordMessage(
    side: MediaSide,
    request: MessageRecordingRequest,
    signal: AbortSignal,
  ): Promise<MessageRecordingResult> {
    if (this.#closed) return Promise.reject(new InvalidStateError('the call media is closed'));
    const state = this.#state(side);
    // Closing the media ends the message like a hang-up: kept when long enough.
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) abort.abort();
    this.#watch(side);
    const recorded = recordMessage({
      files: this.#options.files,
      request,
      endpoint: state.endpoint,
      digits: state.digits,
      payloadTypes: this.#audioTypes(state),
      signal: abort.signal,
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    }).finally(() => {
      signal.removeEventListener('abort', onAbort);
      this.#messages.delete(entry);
    });
    const entry = { abort, recorded };
    this.#messages.add(entry);
    return recorded;
  }

  on(listener: (event: CallMediaEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#closed = true;
    this.#bridgeWanted = false;
    for (const side of [this.#caller, this.#callee]) this.#stopPlayback(side, { reason: 'stopped' });
    this.#disconnectBridge();
    // Messages being recorded end as `stopped` (kept when long enough); recordings are finished.
    const messages = [...this.#messages].map(({ abort, recorded }) => {
      abort.abort();
      return recorded.catch(() => undefined);
    });
    const recordings = [...this.#recordings].map((handle) => handle.stop().catch(() => undefined));
    this.#recordings.clear();
    await Promise.all([...messages, ...recordings]);
    this.#listeners.clear();
    this.#caller.endpoint.close();
    this.#callee.endpoint.close();
    this.#options.tally?.closed(this.endpoints);
  }

  #side(name: MediaSide, endpoint: RtpEndpoint): SideState {
    const digits = new DigitStream({
      telephoneEventPayloadType: null,
      audio: null,
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    });
    const clock = this.#clock;
    const state: SideState = {
      name,
      endpoint,
      digits,
      codec: null,
      telephoneEventPayloadType: null,
      playback: null,
      silentSince: clock.now(),
    };
    // Only packets the endpoint accepted (from the latched source) are heard.
    endpoint.on('rtp', () => (state.silentSince = clock.now()));
    digits.listen(endpoint);
    digits.on('digit', ({ digit, source }) => {
      const playback = state.playback;
      if (playback?.bargeIn) this.#stopPlayback(state, { reason: 'digit', digit });
      this.#emit({ type: 'digit', side: name, digit, source });
    });
    endpoint.on('timeout', () =>
      this.#emit({ type: 'inactive', side: name, silentForMs: Math.max(0, clock.now() - state.silentSince) }),
    );
    return state;
  }

  #emit(event: CallMediaEvent): void {
    for (const listener of [...this.#listeners]) listener(event);
  }

  #state(side: MediaSide): SideState {
    return side === 'caller' ? this.#caller : this.#callee;
  }

  #audioTypes(state: SideState): Record<number, G711Codec> {
    return state.codec ? { [state.codec.payloadType]: state.codec.codec } : { 0: 'PCMU', 8: 'PCMA' };
  }

  #stopPlayback(state: SideState, end: PlaybackEnd): void {
    const playback = state.playback;
    if (!playback) return;
    state.playback = null;
    playback.endedBy = end;
    playback.player.stop();
  }

  #connectBridge(): void {
    if (this.#closed || this.#bridge || !this.#caller.codec || !this.#callee.codec) return;
    const leg = (s: SideState) => ({
      endpoint: s.endpoint,
      codec: s.codec!.codec,
      payloadType: s.codec!.payloadType,
      ...(s.telephoneEventPayloadType === null ? {} : { telephoneEventPayloadType: s.telephoneEventPayloadType }),
    });
    this.#bridge = new MediaBridge(leg(this.#caller), leg(this.#callee));
    this.#watch('caller');
    this.#watch('callee');
  }

  #disconnectBridge(): void {
    this.#bridge?.close();
    this.#bridge = null;
  }

  /** Media is meant to flow on `side` from now on: watch for a vanished peer (R78). */
  #watch(side: MediaSide): void {
    if (this.#watched.has(side) || this.#closed) return;
    this.#watched.add(side);
    this.#rearm(side);
  }

  /** (Re)starts the side's RTP timeout; the silence it measures starts now at the earliest. */
  #rearm(side: MediaSide): void {
    const state = this.#state(side);
    state.silentSince = this.#clock.now();
    state.endpoint.setInactivityTimeout(this.#held ? 0 : this.#options.inactivityTimeoutMs);
  }
}
