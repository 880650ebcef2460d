import { InvalidStateError, type Clock, type G711Codec, type RtpPortPool } from '@vaxel/media';
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
import type { CallPlane } from './callPlane.ts';
import { LocalCallPlane } from './localCallPlane.ts';
import type { MediaPlaneTally } from './mediaPlaneTally.ts';
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
  /** The switch's RTP figures over every call: packets, loss, jitter, strangers dropped (Switch.mediaStats). */
  tally?: MediaPlaneTally;
}

/** What the SDP of one side says and what the switch chose for it (pure description). */
interface SideNegotiation {
  readonly name: MediaSide;
  /** What the peer described last. */
  remote: AudioDescription | null;
  codec: { codec: G711Codec; payloadType: number } | null;
  telephoneEventPayloadType: number | null;
  sessionVersion: number;
}

/**
 * The media of one call, anchored in the switch, behind the {@link CallMedia} commands and events
 * (switch.md, "Media per call"). This class is the SDP negotiation — pure description work on the
 * switch's thread, so the SDP methods stay synchronous — over a {@link CallPlane} that owns the
 * audio: in this thread (`CallMediaSession.open`, a `LocalCallPlane`) or in a media worker
 * (issue 11, a `RemoteCallPlane` of `MediaWorkers`). The negotiation tells the plane what it decided (`configure`:
 * codec, payload types, where RTP goes and whose SIP vouches for it; `setHeld`).
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
 * Audio (playback, bridging, digits, inactivity): see `LocalCallPlane`. `close()` is safe twice.
 */
export class CallMediaSession implements CallMedia {
  readonly #advertisedAddress: string;
  readonly #plane: CallPlane;
  readonly #caller: SideNegotiation;
  readonly #callee: SideNegotiation;
  readonly #sessionId = Math.floor(Math.random() * 1e9);
  #closed = false;
  #closing: Promise<void> | null = null;

  /** A call's media with its plane in this thread (unit tests, `mediaWorkers: 0`). */
  static async open(options: CallMediaSessionOptions): Promise<CallMediaSession> {
    const plane = await LocalCallPlane.open({
      pool: options.pool,
      inactivityTimeoutMs: options.inactivityTimeoutMs,
      files: options.files,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.tally ? { tally: options.tally } : {}),
    });
    return new CallMediaSession(options.advertisedAddress, plane);
  }

  /** The negotiation over a plane opened elsewhere (a media worker's). */
  constructor(advertisedAddress: string, plane: CallPlane) {
    this.#advertisedAddress = advertisedAddress;
    this.#plane = plane;
    this.#caller = side('caller');
    this.#callee = side('callee');
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The local RTP port of a side (for tests and diagnostics; steps never need it). */
  localPort(side: MediaSide): number {
    return this.#plane.localPorts[side];
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
    this.#plane.setHeld(offer.direction !== 'sendrecv' || isHoldAddress(offer.address));
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

  // --- Commands (the plane's) ------------------------------------------------------------------

  bridge(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#plane.bridge();
  }

  unbridge(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#plane.unbridge();
  }

  play(side: MediaSide, request: PlayRequest): Promise<PlaybackEnd> {
    if (this.#closed) return Promise.resolve({ reason: 'stopped' });
    if (!this.#state(side).codec)
      return Promise.reject(new InvalidStateError(`no SDP negotiated with the ${side} yet: nothing to play to`));
    return this.#plane.play(side, {
      clips: request.clips,
      loop: request.loop ?? false,
      bargeIn: request.bargeIn ?? true,
      offsetMs: request.offsetMs ?? 0,
    });
  }

  stopPlaying(side: MediaSide): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#plane.stopPlaying(side);
  }

  injectDigit(side: MediaSide, digit: Dtmf, source: 'info'): void {
    if (this.#closed) return;
    this.#plane.injectDigit(side, digit, source);
  }

  startRecording(request: CallRecordingRequest): Promise<{ stop(): Promise<RecordingSummary> }> {
    if (this.#closed) return Promise.reject(new InvalidStateError('the call media is closed'));
    return this.#plane.startRecording(request);
  }

  recordMessage(
    side: MediaSide,
    request: MessageRecordingRequest,
    signal: AbortSignal,
  ): Promise<MessageRecordingResult> {
    if (this.#closed) return Promise.reject(new InvalidStateError('the call media is closed'));
    return this.#plane.recordMessage(side, request, signal);
  }

  // --- Events ----------------------------------------------------------------------------------

  on(listener: (event: CallMediaEvent) => void): () => void {
    return this.#plane.on(listener);
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#plane.close();
    return this.#closing;
  }

  // --- Internals -------------------------------------------------------------------------------

  #state(side: MediaSide): SideNegotiation {
    return side === 'caller' ? this.#caller : this.#callee;
  }

  #other(side: MediaSide): SideNegotiation {
    return side === 'caller' ? this.#callee : this.#caller;
  }

  #negotiated(
    state: SideNegotiation,
    codec: { codec: G711Codec; payloadType: number },
    telephoneEventPayloadType: number | null,
  ): void {
    state.codec = codec;
    state.telephoneEventPayloadType = telephoneEventPayloadType;
    this.#plane.configure(state.name, { format: { ...codec, telephoneEventPayloadType } });
  }

  #applyRemote(state: SideNegotiation, description: AudioDescription, signalledFrom: SignalledFrom): void {
    state.remote = description;
    if (!isHoldAddress(description.address) && description.port > 0) {
      // RFC 7362: the port hears the SDP's address, or for a phone behind NAT its SIP host.
      this.#plane.configure(state.name, {
        remote: { address: description.address, port: description.port, signalledFrom },
      });
    }
  }

  #describe(
    state: SideNegotiation,
    codecs: Array<{ codec: G711Codec; payloadType: number }>,
    telephoneEventPayloadType: number | null,
    direction: MediaDirection,
    bump = true,
  ): string {
    if (bump) state.sessionVersion++;
    return formatAudioDescription({
      address: this.#advertisedAddress,
      port: this.#plane.localPorts[state.name],
      codecs,
      telephoneEventPayloadType,
      direction,
      sessionId: this.#sessionId,
      sessionVersion: state.sessionVersion,
    });
  }
}

function side(name: MediaSide): SideNegotiation {
  return { name, remote: null, codec: null, telephoneEventPayloadType: null, sessionVersion: 1 };
}

function isHoldAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}
