import { randomInt } from 'node:crypto';
import { systemClock, type Clock } from './clock.ts';
import type { RtpPacket } from './rtp-packet.ts';

export interface RtpStreamRewriterOptions {
  /** SSRC of the outgoing stream; random by default (RFC 3550 §8.1). */
  ssrc?: number;
  /** RTP clock rate of the stream, 8000 for G.711 and telephone-event. */
  clockRate?: number;
  /** Samples a packet is assumed to cover when time cannot tell (source switch within a packet time). */
  samplesPerPacket?: number;
  clock?: Clock;
}

/** Sequence jump beyond which a packet from the same SSRC is treated as a restarted stream. */
const MAX_SEQUENCE_JUMP = 3000;
const MAX_REORDER = 100;

/**
 * Makes everything sent to one leg look like a single RTP stream, whatever feeds it: the other
 * leg through a bridge, then a player while on hold, then the other leg again.
 *
 * RFC 3550 §5.1 requires one SSRC per source, sequence numbers that increase by one per packet
 * and timestamps that advance with the sampling clock. Each packet's SSRC is replaced with ours.
 * While the input source stays the same, sequence numbers and timestamps are shifted by fixed
 * offsets (preserving the input's own gaps and reordering); when the source changes (another SSRC
 * or a jump in sequence numbers), new offsets continue after the last packet sent, timestamps
 * advanced by the wall-clock time in between, and the marker bit is set so the receiver's jitter
 * buffer resynchronises (RFC 3551 §4.1: marker on the first packet after a silence period).
 */
export class RtpStreamRewriter {
  readonly ssrc: number;
  readonly #clock: Clock;
  readonly #clockRate: number;
  readonly #samplesPerPacket: number;
  #source: { ssrc: number; lastSequenceNumber: number } | undefined;
  #sequenceOffset = 0;
  #timestampOffset = 0;
  #lastSequenceNumber: number;
  #lastTimestamp: number;
  #lastSentAt: number | undefined;

  constructor(options: RtpStreamRewriterOptions = {}) {
    this.ssrc = options.ssrc ?? randomInt(1, 0xffffffff);
    this.#clock = options.clock ?? systemClock;
    this.#clockRate = options.clockRate ?? 8000;
    this.#samplesPerPacket = options.samplesPerPacket ?? 160;
    // RFC 3550 §5.1: initial sequence number and timestamp SHOULD be random.
    this.#lastSequenceNumber = randomInt(0, 0x8000);
    this.#lastTimestamp = randomInt(0, 0x7fffffff);
  }

  /** Forgets the current source so the next packet starts a new segment (e.g. after unbridging). */
  resetSource(): void {
    this.#source = undefined;
  }

  /** Rewrites SSRC, sequence number, timestamp and (on a source switch) the marker bit in place. */
  rewrite(packet: RtpPacket): void {
    const now = this.#clock.now();
    const source = this.#source;
    const sequenceNumber = packet.sequenceNumber;
    let sameSource = false;
    if (source && source.ssrc === packet.ssrc) {
      const ahead = (sequenceNumber - source.lastSequenceNumber) & 0xffff;
      sameSource = ahead <= MAX_SEQUENCE_JUMP || ahead >= 0x10000 - MAX_REORDER;
      if (sameSource && ahead <= MAX_SEQUENCE_JUMP) source.lastSequenceNumber = sequenceNumber;
    }
    if (!sameSource) {
      const elapsed = this.#lastSentAt === undefined ? 0 : Math.round(((now - this.#lastSentAt) * this.#clockRate) / 1000);
      const nextTimestamp = (this.#lastTimestamp + Math.max(elapsed, this.#samplesPerPacket)) >>> 0;
      this.#sequenceOffset = (this.#lastSequenceNumber + 1 - sequenceNumber) & 0xffff;
      this.#timestampOffset = (nextTimestamp - packet.timestamp) >>> 0;
      this.#source = { ssrc: packet.ssrc, lastSequenceNumber: sequenceNumber };
      packet.marker = true;
    }
    const outSequence = (sequenceNumber + this.#sequenceOffset) & 0xffff;
    const outTimestamp = (packet.timestamp + this.#timestampOffset) >>> 0;
    if (((outSequence - this.#lastSequenceNumber) & 0xffff) < 0x8000) this.#lastSequenceNumber = outSequence;
    if (((outTimestamp - this.#lastTimestamp) >>> 0) < 0x80000000) this.#lastTimestamp = outTimestamp;
    this.#lastSentAt = now;
    packet.sequenceNumber = outSequence;
    packet.timestamp = outTimestamp;
    packet.ssrc = this.ssrc;
  }
}
