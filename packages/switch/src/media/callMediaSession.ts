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
  type RtpDropTally,
  type RtpPortPool,
} from '@vaxel/media';
import type {
  SignalledFrom,
  CallMedia,
  CallMediaEvent,
  CallMediaOptions,
  CallRecordingRequest,
  Dtmf,
  MediaSide,
  MessageRecordingRequest,
  MessageRecordingResult,
  PlaybackEnd,
  PlayRequest,
  RecordingSummary,
} from './callMedia.ts';
import { startCallRecording, type CallRecordingHandle } from './callRecording.ts';
import { recordMessage } from './messageRecording.ts';
import {
  formatAudioDescription,
  parseAudioDescription,
  SWITCH_TELEPHONE_EVENT_PT,
  UnusableSdp,
  type AudioDescription,
  type MediaDirection,
} from './sessionDescription.ts';

export interface CallMediaSessionOptions extends CallMediaOptions {
  /** The switch's RTP port pool; the session takes two port pairs from it and gives them back on close. */
  pool: RtpPortPool;
  /** Paces playback and drives timers (the media plane's monotonic clock by default). */
  clock?: Clock;
  /** The switch's count of strangers' RTP/RTCP dropped, over every call (Switch.mediaStats). */
  rtpDrops?: RtpDropTally;
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
  /** What the peer described last. */
  remote: AudioDescription | null;
  codec: { codec: G711Codec; payloadType: number } | null;
  telephoneEventPayloadType: number | null;
  sessionVersion: number;
  playback: Playback | null;
  /** Media clock time of the side's last RTP packet, or of when its timeout was (re)armed if later. */
  silentSince: number;
}

/**
 * The media of one call, anchored in the switch, behind the {@link CallMedia} commands and events
 * (switch.md, "Media per call"). The caller talks to one switch endpoint, the callee to another.
 *
 * SDP (RFC 3264 offer/answer on each leg independently):
 * 1. `acceptCallerOffer(sdp)`: the caller's offer; the switch picks the caller's first G.711 codec.
 * 2. `offerToCallee()`: the switch's offer to every callee leg (forks share the callee endpoint:
 *    only one answers). The caller's codec comes first so no transcoding is needed if it is taken.
 * 3. `acceptCalleeAnswer(sdp)`, then `answerToCaller()` and `bridge()`.
 * A call the switch places itself (a callback) offers to both sides: `offerToCallee()` and
 * `acceptCalleeAnswer(sdp)` for the agent, then `offerToCaller()` and `acceptCallerAnswer(sdp)`
 * for the party called back (the agent's codec first), then `bridge()`.
 * Re-INVITEs (hold/resume, RFC 3264 §8.4) go through `relayOffer` / `relayAnswer`.
 *
 * Audio, per side:
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
 * Nothing passed in or out is an endpoint or a function (besides the event listener), so the
 * implementation can move behind a message port into a worker thread without a step changing.
 * `close()` is safe twice; it ends playbacks (`stopped`), finishes recordings and frees the ports.
 */
export class CallMediaSession implements CallMedia {
  readonly #options: CallMediaSessionOptions;
  readonly #caller: SideState;
  readonly #callee: SideState;
  readonly #sessionId = Math.floor(Math.random() * 1e9);
  readonly #listeners = new Set<(event: CallMediaEvent) => void>();
  readonly #watched = new Set<MediaSide>();
  readonly #recordings = new Set<CallRecordingHandle>();
  readonly #messages = new Set<{ abort: AbortController; recorded: Promise<MessageRecordingResult> }>();
  #bridgeWanted = false;
  #bridge: MediaBridge | null = null;
  #held = false;
  #closed = false;
  #closing: Promise<void> | null = null;

  static async open(options: CallMediaSessionOptions): Promise<CallMediaSession> {
    const endpointOptions = {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.rtpDrops ? { tally: options.rtpDrops } : {}),
    };
    const caller = await RtpEndpoint.open(options.pool, endpointOptions);
    let callee: RtpEndpoint;
    try {
      callee = await RtpEndpoint.open(options.pool, endpointOptions);
    } catch (error) {
      caller.close();
      throw error;
    }
    return new CallMediaSession(options, caller, callee);
  }

  private constructor(options: CallMediaSessionOptions, caller: RtpEndpoint, callee: RtpEndpoint) {
    this.#options = options;
    this.#caller = this.#side('caller', caller);
    this.#callee = this.#side('callee', callee);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The local RTP port of a side (for tests and diagnostics; steps never need it). */
  localPort(side: MediaSide): number {
    return this.#state(side).endpoint.localPort;
  }

  // --- SDP -------------------------------------------------------------------------------------

  acceptCallerOffer(sdp: string, signalledFrom: SignalledFrom): void {
    const offer = parseAudioDescription(sdp);
    const codec = offer.codecs[0];
    if (!codec || offer.port === 0) throw new UnusableSdp('the offer has no PCMU or PCMA audio');
    this.#negotiated(this.#caller, codec, offer.telephoneEventPayloadType);
    this.#applyRemote(this.#caller, offer, signalledFrom);
  }

  offerToCallee(direction: MediaDirection = 'sendrecv'): string {
    const first = this.#caller.codec?.codec ?? 'PCMU';
    const codecs: Array<{ codec: G711Codec; payloadType: number }> =
      first === 'PCMA'
        ? [
            { codec: 'PCMA', payloadType: 8 },
            { codec: 'PCMU', payloadType: 0 },
          ]
        : [
            { codec: 'PCMU', payloadType: 0 },
            { codec: 'PCMA', payloadType: 8 },
          ];
    return this.#describe(this.#callee, codecs, SWITCH_TELEPHONE_EVENT_PT, direction);
  }

  acceptCalleeAnswer(sdp: string, signalledFrom: SignalledFrom): void {
    const answer = parseAudioDescription(sdp);
    const codec = answer.codecs[0];
    if (!codec || answer.port === 0) throw new UnusableSdp('the answer has no PCMU or PCMA audio');
    this.#negotiated(this.#callee, codec, answer.telephoneEventPayloadType);
    this.#applyRemote(this.#callee, answer, signalledFrom);
  }

  offerToCaller(direction: MediaDirection = 'sendrecv'): string {
    const first = this.#callee.codec?.codec ?? 'PCMU';
    const codecs: Array<{ codec: G711Codec; payloadType: number }> =
      first === 'PCMA'
        ? [
            { codec: 'PCMA', payloadType: 8 },
            { codec: 'PCMU', payloadType: 0 },
          ]
        : [
            { codec: 'PCMU', payloadType: 0 },
            { codec: 'PCMA', payloadType: 8 },
          ];
    return this.#describe(this.#caller, codecs, SWITCH_TELEPHONE_EVENT_PT, direction);
  }

  acceptCallerAnswer(sdp: string, signalledFrom: SignalledFrom): void {
    const answer = parseAudioDescription(sdp);
    const codec = answer.codecs[0];
    if (!codec || answer.port === 0) throw new UnusableSdp('the answer has no PCMU or PCMA audio');
    this.#negotiated(this.#caller, codec, answer.telephoneEventPayloadType);
    this.#applyRemote(this.#caller, answer, signalledFrom);
  }

  answerToCaller(direction: MediaDirection = 'sendrecv'): string {
    const codec = this.#caller.codec;
    if (!codec) throw new UnusableSdp('no offer from the caller yet');
    return this.#describe(this.#caller, [codec], this.#caller.telephoneEventPayloadType, direction);
  }

  relayOffer(
    from: MediaSide,
    sdp: string,
    signalledFrom: SignalledFrom,
  ): { offerToOther: string; direction: MediaDirection } {
    const offer = parseAudioDescription(sdp);
    const state = this.#state(from);
    this.#applyRemote(state, offer, signalledFrom);
    // Silence is expected while on hold; the timeout would hang up held calls.
    this.#held = offer.direction !== 'sendrecv' || isHoldAddress(offer.address);
    for (const side of this.#watched) this.#rearm(side);
    const direction = isHoldAddress(offer.address) ? 'inactive' : offer.direction;
    const other = this.#other(from);
    const codecs = other.codec ? [other.codec] : [{ codec: 'PCMU' as const, payloadType: 0 }];
    return { offerToOther: this.#describe(other, codecs, other.telephoneEventPayloadType, direction), direction };
  }

  relayAnswer(offerer: MediaSide, sdp: string, signalledFrom: SignalledFrom): string {
    const other = this.#other(offerer);
    const answer = parseAudioDescription(sdp);
    this.#applyRemote(other, answer, signalledFrom);
    const state = this.#state(offerer);
    const codecs = state.codec ? [state.codec] : [{ codec: 'PCMU' as const, payloadType: 0 }];
    // The other side answered the direction the offerer asked for (RFC 3264 §6.1), so it stands.
    return this.#describe(state, codecs, state.telephoneEventPayloadType, answer.direction);
  }

  currentAnswer(side: MediaSide): string {
    const state = this.#state(side);
    return this.#describe(
      state,
      state.codec ? [state.codec] : [{ codec: 'PCMU', payloadType: 0 }],
      state.telephoneEventPayloadType,
      'sendrecv',
      false,
    );
  }

  // --- Commands --------------------------------------------------------------------------------

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

  play(side: MediaSide, request: PlayRequest): Promise<PlaybackEnd> {
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
      loop: request.loop ?? false,
      startSample: Math.max(0, Math.round(((request.offsetMs ?? 0) * G711_SAMPLE_RATE) / 1000)),
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    });
    const playback: Playback = { player, bargeIn: request.bargeIn ?? true, endedBy: { reason: 'stopped' } };
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

  // --- Events ----------------------------------------------------------------------------------

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
  }

  // --- Internals -------------------------------------------------------------------------------

  #side(name: MediaSide, endpoint: RtpEndpoint): SideState {
    const digits = new DigitStream({
      telephoneEventPayloadType: null,
      audio: null,
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    });
    const clock = this.#options.clock ?? systemClock;
    const state: SideState = {
      name,
      endpoint,
      digits,
      remote: null,
      codec: null,
      telephoneEventPayloadType: null,
      sessionVersion: 1,
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

  #other(side: MediaSide): SideState {
    return side === 'caller' ? this.#callee : this.#caller;
  }

  #negotiated(
    state: SideState,
    codec: { codec: G711Codec; payloadType: number },
    telephoneEventPayloadType: number | null,
  ): void {
    state.codec = codec;
    state.telephoneEventPayloadType = telephoneEventPayloadType;
    state.digits.setFormat({ telephoneEventPayloadType, audio: codec });
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
    state.silentSince = (this.#options.clock ?? systemClock).now();
    state.endpoint.setInactivityTimeout(this.#timeoutMs());
  }

  #timeoutMs(): number {
    return this.#held ? 0 : this.#options.inactivityTimeoutMs;
  }

  #applyRemote(state: SideState, description: AudioDescription, signalledFrom: SignalledFrom): void {
    state.remote = description;
    if (!isHoldAddress(description.address) && description.port > 0) {
      // RFC 7362: the port hears the SDP's address, or for a phone behind NAT its SIP host.
      state.endpoint.setRemote({ address: description.address, port: description.port }, { signalledFrom });
    }
  }

  #describe(
    state: SideState,
    codecs: Array<{ codec: G711Codec; payloadType: number }>,
    telephoneEventPayloadType: number | null,
    direction: MediaDirection,
    bump = true,
  ): string {
    if (bump) state.sessionVersion++;
    return formatAudioDescription({
      address: this.#options.advertisedAddress,
      port: state.endpoint.localPort,
      codecs,
      telephoneEventPayloadType,
      direction,
      sessionId: this.#sessionId,
      sessionVersion: state.sessionVersion,
    });
  }
}

function isHoldAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
