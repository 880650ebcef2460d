import { MediaBridge, RtpEndpoint, type G711Codec, type RtpPortPool } from '@vaxel/media';
import type { MediaSide } from './callMedia.ts';
import {
  formatAudioDescription,
  parseAudioDescription,
  SWITCH_TELEPHONE_EVENT_PT,
  UnusableSdp,
  type AudioDescription,
  type MediaDirection,
} from './sessionDescription.ts';

export type { MediaSide };

interface SideState {
  endpoint: RtpEndpoint;
  /** What the peer described last. */
  remote: AudioDescription | null;
  codec: { codec: G711Codec; payloadType: number } | null;
  telephoneEventPayloadType: number | null;
  sessionVersion: number;
}

export interface AnchoredMediaOptions {
  pool: RtpPortPool;
  /** The address phones and carriers send RTP to (SDP c=). */
  advertisedAddress: string;
  /** RTP silence after which the call is considered gone (R78: "also when a party vanishes"). */
  inactivityTimeoutMs: number;
  onInactive: (side: MediaSide) => void;
}

/**
 * The media of one call, anchored in the switch (architecture, "A call's way through", step 4):
 * the caller talks to one switch endpoint, the callee to another, and a {@link MediaBridge}
 * relays between them (transcoding PCMU↔PCMA and remapping telephone-event payload types).
 *
 * SDP flow (RFC 3264 offer/answer on each leg independently):
 * 1. `acceptCallerOffer(sdp)`: the caller's offer; the switch picks the caller's first G.711 codec.
 * 2. `offerToCallee()`: the switch's offer to every callee leg (forks share the callee endpoint:
 *    only one answers). The caller's codec comes first so no transcoding is needed if it is taken.
 * 3. `acceptCalleeAnswer(sdp)`, then `answerToCaller()` and `bridge()`.
 * Re-INVITEs (hold/resume, RFC 3264 §8.4) go through `relayOffer` / `relayAnswer`.
 */
export class AnchoredMedia {
  readonly #options: AnchoredMediaOptions;
  readonly #caller: SideState;
  readonly #callee: SideState;
  readonly #sessionId = Math.floor(Math.random() * 1e9);
  #bridge: MediaBridge | null = null;
  #closed = false;

  static async open(options: AnchoredMediaOptions): Promise<AnchoredMedia> {
    const caller = await RtpEndpoint.open(options.pool);
    let callee: RtpEndpoint;
    try {
      callee = await RtpEndpoint.open(options.pool);
    } catch (error) {
      caller.close();
      throw error;
    }
    return new AnchoredMedia(options, caller, callee);
  }

  private constructor(options: AnchoredMediaOptions, caller: RtpEndpoint, callee: RtpEndpoint) {
    this.#options = options;
    const side = (endpoint: RtpEndpoint): SideState => ({ endpoint, remote: null, codec: null, telephoneEventPayloadType: null, sessionVersion: 1 });
    this.#caller = side(caller);
    this.#callee = side(callee);
    caller.on('timeout', () => options.onInactive('caller'));
    callee.on('timeout', () => options.onInactive('callee'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  endpoint(side: MediaSide): RtpEndpoint {
    return this.#state(side).endpoint;
  }

  /** The codec the switch sends to `side` (null before its SDP is known). */
  codecOf(side: MediaSide): { codec: G711Codec; payloadType: number } | null {
    return this.#state(side).codec;
  }

  get bridged(): boolean {
    return this.#bridge !== null;
  }

  /** Step 1. Throws {@link UnusableSdp} when the caller offers no G.711 (the switch answers 488). */
  acceptCallerOffer(sdp: string): void {
    const offer = parseAudioDescription(sdp);
    const codec = offer.codecs[0];
    if (!codec || offer.port === 0) throw new UnusableSdp('the offer has no PCMU or PCMA audio');
    this.#caller.codec = codec;
    this.#caller.telephoneEventPayloadType = offer.telephoneEventPayloadType;
    this.#applyRemote(this.#caller, offer);
  }

  /** Step 2. */
  offerToCallee(direction: MediaDirection = 'sendrecv'): string {
    const first = this.#caller.codec?.codec ?? 'PCMU';
    const codecs: Array<{ codec: G711Codec; payloadType: number }> = first === 'PCMA'
      ? [{ codec: 'PCMA', payloadType: 8 }, { codec: 'PCMU', payloadType: 0 }]
      : [{ codec: 'PCMU', payloadType: 0 }, { codec: 'PCMA', payloadType: 8 }];
    return this.#describe(this.#callee, codecs, SWITCH_TELEPHONE_EVENT_PT, direction);
  }

  /** Step 3. Throws {@link UnusableSdp} when the answer has no codec the switch offered. */
  acceptCalleeAnswer(sdp: string): void {
    const answer = parseAudioDescription(sdp);
    const codec = answer.codecs[0];
    if (!codec || answer.port === 0) throw new UnusableSdp('the answer has no PCMU or PCMA audio');
    this.#callee.codec = codec;
    this.#callee.telephoneEventPayloadType = answer.telephoneEventPayloadType;
    this.#applyRemote(this.#callee, answer);
  }

  answerToCaller(direction: MediaDirection = 'sendrecv'): string {
    const codec = this.#caller.codec;
    if (!codec) throw new UnusableSdp('no offer from the caller yet');
    return this.#describe(this.#caller, [codec], this.#caller.telephoneEventPayloadType, direction);
  }

  /** Starts relaying (or re-starts after a codec change). */
  bridge(): void {
    if (this.#closed) return;
    this.#bridge?.close();
    const leg = (s: SideState) => ({
      endpoint: s.endpoint,
      codec: s.codec!.codec,
      payloadType: s.codec!.payloadType,
      ...(s.telephoneEventPayloadType === null ? {} : { telephoneEventPayloadType: s.telephoneEventPayloadType }),
    });
    if (!this.#caller.codec || !this.#callee.codec) return;
    this.#bridge = new MediaBridge(leg(this.#caller), leg(this.#callee));
    // Watch for vanished peers only once media is meant to flow.
    this.#caller.endpoint.setInactivityTimeout(this.#options.inactivityTimeoutMs);
    this.#callee.endpoint.setInactivityTimeout(this.#options.inactivityTimeoutMs);
  }

  /** Stops relaying; the sides stay open (the caller goes back to the flow). */
  unbridge(): void {
    this.#bridge?.close();
    this.#bridge = null;
  }

  /**
   * A re-INVITE's offer from `from` (hold/resume): take the new remote and return the offer for
   * the other side, asking it for the matching direction.
   */
  relayOffer(from: MediaSide, sdp: string): { offerToOther: string; direction: MediaDirection } {
    const offer = parseAudioDescription(sdp);
    const state = this.#state(from);
    this.#applyRemote(state, offer);
    // Silence is expected while on hold; the timeout would hang up held calls.
    const held = offer.direction !== 'sendrecv' || isHoldAddress(offer.address);
    const timeout = held ? 0 : this.#options.inactivityTimeoutMs;
    this.#caller.endpoint.setInactivityTimeout(timeout);
    this.#callee.endpoint.setInactivityTimeout(timeout);
    const direction = isHoldAddress(offer.address) ? 'inactive' : offer.direction;
    const other = this.#state(from === 'caller' ? 'callee' : 'caller');
    const codecs = other.codec ? [other.codec] : [{ codec: 'PCMU' as const, payloadType: 0 }];
    return { offerToOther: this.#describe(other, codecs, other.telephoneEventPayloadType, direction), direction };
  }

  /** The other side's answer to a relayed offer; returns the answer for the side that offered. */
  relayAnswer(offerer: MediaSide, sdp: string): string {
    const other = this.#state(offerer === 'caller' ? 'callee' : 'caller');
    const answer = parseAudioDescription(sdp);
    this.#applyRemote(other, answer);
    const state = this.#state(offerer);
    const codecs = state.codec ? [state.codec] : [{ codec: 'PCMU' as const, payloadType: 0 }];
    // The other side answered the direction the offerer asked for (RFC 3264 §6.1), so it stands.
    return this.#describe(state, codecs, state.telephoneEventPayloadType, answer.direction);
  }

  /** Answer for a re-INVITE the switch handles alone (e.g. a session refresh with the same SDP). */
  currentAnswer(side: MediaSide): string {
    const state = this.#state(side);
    return this.#describe(state, state.codec ? [state.codec] : [{ codec: 'PCMU', payloadType: 0 }], state.telephoneEventPayloadType, 'sendrecv', false);
  }

  /** Releases both endpoints and their ports. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#bridge?.close();
    this.#caller.endpoint.close();
    this.#callee.endpoint.close();
  }

  #state(side: MediaSide): SideState {
    return side === 'caller' ? this.#caller : this.#callee;
  }

  #applyRemote(state: SideState, description: AudioDescription): void {
    state.remote = description;
    if (!isHoldAddress(description.address) && description.port > 0) {
      state.endpoint.setRemote({ address: description.address, port: description.port });
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
