import type { RtpEndpoint } from './rtp-endpoint.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { TelephoneEvent, type DtmfDigit } from './telephone-event.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';

export interface DtmfDigitEvent {
  digit: DtmfDigit;
  /** RTP timestamp shared by every packet of the event (RFC 4733 §2.5.1.2). */
  timestamp: number;
  ssrc: number;
}

export interface DtmfDigitEndEvent extends DtmfDigitEvent {
  /** Final duration in timestamp units. */
  duration: number;
}

export type DtmfDetectorEvents = {
  /** Once per key press, as soon as its first packet arrives. */
  digit: [DtmfDigitEvent];
  /** Once per key press, when its first end packet arrives (may never come if all are lost). */
  'digit-end': [DtmfDigitEndEvent];
};

interface CurrentEvent {
  ssrc: number;
  timestamp: number;
  event: number;
  duration: number;
  ended: boolean;
}

/**
 * Turns a stream of RFC 4733 telephone-event packets into one `digit` per key press.
 *
 * A key press is identified by its RTP timestamp: "all packets of an event MUST carry the same
 * timestamp" (RFC 4733 §2.5.1.2). The sender repeats updates while the key is held and sends the
 * final packet three times (§2.5.1.4), so everything with the timestamp already seen is a
 * duplicate. A digit is emitted on the first packet rather than the end packet, so a press whose
 * end packets are all lost is still heard. An event longer than the 16-bit duration field is split
 * into segments with new timestamps (§2.5.2.1); a segment that continues the previous unended
 * event with the same code is not a new press. Packets older than the current event (reordered)
 * are ignored.
 */
export class DtmfDetector extends TypedEventEmitter<DtmfDetectorEvents> {
  #current: CurrentEvent | undefined;

  /** Feeds one packet already known to carry the telephone-event payload type. Bad payloads are ignored. */
  push(packet: RtpPacket): void {
    let event: TelephoneEvent;
    try {
      event = TelephoneEvent.parse(packet.payload);
    } catch {
      return;
    }
    const digit = event.digit;
    if (digit === undefined) return;
    const { ssrc, timestamp } = packet;
    const current = this.#current;

    if (current && current.ssrc === ssrc) {
      if (current.timestamp === timestamp) {
        current.duration = Math.max(current.duration, event.duration);
        if (event.end && !current.ended) {
          current.ended = true;
          this.emit('digit-end', { digit, timestamp, ssrc, duration: current.duration });
        }
        return;
      }
      const ahead = (timestamp - current.timestamp) >>> 0;
      if (ahead >= 0x80000000) return; // older than the current event: a late duplicate
      const continuesLongEvent =
        !current.ended &&
        current.event === event.event &&
        ahead <= current.duration + 0xffff &&
        current.duration >= 0xff00;
      if (continuesLongEvent) {
        this.#current = { ssrc, timestamp, event: event.event, duration: event.duration, ended: false };
        return;
      }
    }

    this.#current = { ssrc, timestamp, event: event.event, duration: event.duration, ended: event.end };
    this.emit('digit', { digit, timestamp, ssrc });
    if (event.end) this.emit('digit-end', { digit, timestamp, ssrc, duration: event.duration });
  }

  /**
   * Feeds the detector every packet of `telephoneEventPayloadType` the endpoint receives.
   * Returns a function that stops listening.
   */
  listen(endpoint: RtpEndpoint, telephoneEventPayloadType: number): () => void {
    const onRtp = (packet: RtpPacket) => {
      if (packet.payloadType === telephoneEventPayloadType) this.push(packet);
    };
    endpoint.on('rtp', onRtp);
    return () => endpoint.off('rtp', onRtp);
  }

  /** Forgets the current event (e.g. when the call is re-bridged and a new stream starts). */
  reset(): void {
    this.#current = undefined;
  }
}
