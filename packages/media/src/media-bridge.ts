import { InvalidStateError } from './errors.ts';
import { G711_PAYLOAD_TYPES, transcodeG711, type G711Codec } from './g711.ts';
import { InbandDtmfGenerator } from './inband-dtmf-generator.ts';
import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';

/** One side of a bridge: an endpoint and what its SDP negotiated. */
export interface MediaLeg {
  endpoint: RtpEndpoint;
  /** The audio codec negotiated on this leg. */
  codec: G711Codec;
  /** Payload type of the codec on this leg; the static one (PCMU 0, PCMA 8) by default. */
  payloadType?: number;
  /** Dynamic payload type of telephone-event (RFC 4733) on this leg, if negotiated. */
  telephoneEventPayloadType?: number;
}

export interface MediaBridgeOptions {
  /** Forward RFC 4733 events between the legs (default true). */
  forwardTelephoneEvents?: boolean;
  /**
   * Towards a leg that did not negotiate telephone-event, play the events as in-band DTMF tones
   * instead of dropping them (default true).
   */
  inbandDtmfFallback?: boolean;
}

export interface MediaBridgeStats {
  /** Packets forwarded from leg a to leg b. */
  forwardedAToB: number;
  forwardedBToA: number;
  /** Packets not forwarded: unknown payload type, events the other leg cannot take, muted or duplicate events. */
  dropped: number;
}

export type MediaBridgeEvents = {
  close: [];
};

interface ResolvedLeg {
  endpoint: RtpEndpoint;
  codec: G711Codec;
  payloadType: number;
  telephoneEventPayloadType: number | undefined;
}

interface Direction {
  from: ResolvedLeg;
  to: ResolvedLeg;
  /** Regenerates events as tones when `to` has no telephone-event. */
  tones: InbandDtmfGenerator | undefined;
}

/**
 * Relays RTP between two endpoints, each leg seeing one consistent stream.
 *
 * Per packet from one leg:
 * - audio (the leg's codec payload type) is copied, transcoded PCMU↔PCMA when the legs negotiated
 *   different codecs, and given the other leg's payload type;
 * - RFC 4733 events get the other leg's telephone-event payload type (dynamic payload types are
 *   per session, RFC 3551 §3, so 101 on one leg may be 96 on the other); when the other leg did
 *   not negotiate telephone-event they are played to it as in-band tones (RFC 4733 §2.6), the
 *   sender's audio muted meanwhile, unless `inbandDtmfFallback` is off;
 * - anything else (comfort noise, unknown types) is dropped.
 * The destination endpoint then rewrites SSRC, sequence number and timestamp into its own
 * outgoing stream, which is what makes unbridge / play / re-bridge seamless for the phone.
 *
 * Unbridging is `close()`: it detaches from both endpoints and leaves them open. Re-bridging is a
 * new `MediaBridge` on the same endpoints. The bridge closes by itself (cascade) when either
 * endpoint closes. `close()` is safe to call twice.
 */
export class MediaBridge extends TypedEventEmitter<MediaBridgeEvents> {
  readonly #a: ResolvedLeg;
  readonly #b: ResolvedLeg;
  readonly #forwardTelephoneEvents: boolean;
  readonly #inbandDtmfFallback: boolean;
  readonly #stats: MediaBridgeStats = { forwardedAToB: 0, forwardedBToA: 0, dropped: 0 };
  readonly #detach: Array<() => void> = [];
  #closed = false;

  constructor(a: MediaLeg, b: MediaLeg, options: MediaBridgeOptions = {}) {
    super();
    if (a.endpoint === b.endpoint) throw new RangeError('cannot bridge an endpoint to itself');
    if (a.endpoint.closed || b.endpoint.closed) throw new InvalidStateError('cannot bridge a closed endpoint');
    this.#a = resolve(a);
    this.#b = resolve(b);
    this.#forwardTelephoneEvents = options.forwardTelephoneEvents ?? true;
    this.#inbandDtmfFallback = options.inbandDtmfFallback ?? true;
    // A new segment of each outgoing stream starts here (marker bit, continuous numbering).
    a.endpoint.restartOutgoingSegment();
    b.endpoint.restartOutgoingSegment();
    this.#attach(this.#a, this.#b, 'forwardedAToB');
    this.#attach(this.#b, this.#a, 'forwardedBToA');
  }

  get closed(): boolean {
    return this.#closed;
  }

  get stats(): MediaBridgeStats {
    return { ...this.#stats };
  }

  /** Unbridges: stops forwarding and detaches from both endpoints (which stay open). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const detach of this.#detach.splice(0)) detach();
    this.emit('close');
    this.removeAllListeners();
  }

  #attach(from: ResolvedLeg, to: ResolvedLeg, counter: 'forwardedAToB' | 'forwardedBToA'): void {
    const direction: Direction = {
      from,
      to,
      tones:
        this.#inbandDtmfFallback &&
        from.telephoneEventPayloadType !== undefined &&
        to.telephoneEventPayloadType === undefined
          ? new InbandDtmfGenerator(to.codec, to.payloadType)
          : undefined,
    };
    const onRtp = (packet: RtpPacket) => {
      const out = this.#translate(packet, direction);
      if (out.length === 0 || to.endpoint.closed) {
        this.#stats.dropped++;
        return;
      }
      for (const outgoing of out) if (to.endpoint.send(outgoing)) this.#stats[counter]++;
    };
    const onClose = () => this.close();
    from.endpoint.on('rtp', onRtp);
    from.endpoint.on('close', onClose);
    this.#detach.push(() => {
      from.endpoint.off('rtp', onRtp);
      from.endpoint.off('close', onClose);
    });
  }

  /** The packets to send to `to` for one packet from `from` (none: dropped). */
  #translate(packet: RtpPacket, { from, to, tones }: Direction): RtpPacket[] {
    const payloadType = packet.payloadType;
    if (payloadType === from.payloadType) {
      if (tones?.mutes(packet.timestamp)) return [];
      // Other listeners (recorder, DTMF detector) share the received packet: work on a copy.
      const out = packet.clone();
      if (from.codec !== to.codec) transcodeG711(from.codec, to.codec, out.payload, out.payload);
      out.payloadType = to.payloadType;
      return [out];
    }
    if (from.telephoneEventPayloadType !== undefined && payloadType === from.telephoneEventPayloadType) {
      if (!this.#forwardTelephoneEvents) return [];
      if (to.telephoneEventPayloadType === undefined) return tones ? tones.framesFor(packet) : [];
      const out = packet.clone();
      out.payloadType = to.telephoneEventPayloadType;
      return [out];
    }
    return [];
  }
}

function resolve(leg: MediaLeg): ResolvedLeg {
  const payloadType = leg.payloadType ?? G711_PAYLOAD_TYPES[leg.codec];
  const telephoneEventPayloadType = leg.telephoneEventPayloadType;
  if (telephoneEventPayloadType !== undefined && telephoneEventPayloadType === payloadType) {
    throw new RangeError(`telephone-event and ${leg.codec} cannot share payload type ${payloadType}`);
  }
  return { endpoint: leg.endpoint, codec: leg.codec, payloadType, telephoneEventPayloadType };
}
