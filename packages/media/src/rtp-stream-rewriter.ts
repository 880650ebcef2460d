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
  /** How long a source that paused for another one keeps its timestamp mapping (default 1000 ms). */
  rememberSourceMs?: number;
  clock?: Clock;
}

/** Sequence jump beyond which a packet from the same SSRC is treated as a restarted stream. */
const MAX_SEQUENCE_JUMP = 3000;
const MAX_REORDER = 100;
/** Sources remembered at once (audio plus a separate telephone-event SSRC is the usual case). */
const REMEMBERED_SOURCES = 4;

interface SourceMapping {
  ssrc: number;
  sequenceOffset: number;
  timestampOffset: number;
  lastSequenceNumber: number;
  lastSeenAt: number;
}

/**
 * Makes everything sent to one leg look like a single RTP stream, whatever feeds it: the other
 * leg through a bridge, then a player while on hold, then the other leg again.
 *
 * RFC 3550 §5.1 requires one SSRC per source, sequence numbers that increase by one per packet
 * and timestamps that advance with the sampling clock. Each packet's SSRC is replaced with ours.
 *
 * While the input source stays the same, sequence numbers and timestamps are shifted by fixed
 * offsets (preserving the input's own gaps and reordering). When a new source takes over (another
 * SSRC, or a jump in sequence numbers), its offsets continue after the last packet sent, its
 * timestamps advanced by the wall-clock time in between, and the marker bit is set so the
 * receiver's jitter buffer resynchronises (RFC 3551 §4.1: marker on the first packet after a
 * silence period).
 *
 * A source that comes back within `rememberSourceMs` keeps its timestamp mapping and only gets
 * new sequence numbers. That keeps interleaved sources consistent — some phones send RFC 4733
 * events with their own SSRC between audio packets, and "all packets of an event MUST carry the
 * same timestamp" (RFC 4733 §2.5.1.2). `resetSource()` forgets every mapping.
 */
export class RtpStreamRewriter {
  readonly ssrc: number;
  readonly #clock: Clock;
  readonly #clockRate: number;
  readonly #samplesPerPacket: number;
  readonly #rememberSourceMs: number;
  readonly #sources = new Map<number, SourceMapping>();
  #current: SourceMapping | undefined;
  #lastSequenceNumber: number;
  #lastTimestamp: number;
  #lastSentAt: number | undefined;

  constructor(options: RtpStreamRewriterOptions = {}) {
    this.ssrc = options.ssrc ?? randomInt(1, 0xffffffff);
    this.#clock = options.clock ?? systemClock;
    this.#clockRate = options.clockRate ?? 8000;
    this.#samplesPerPacket = options.samplesPerPacket ?? 160;
    this.#rememberSourceMs = options.rememberSourceMs ?? 1000;
    // RFC 3550 §5.1: initial sequence number and timestamp SHOULD be random.
    this.#lastSequenceNumber = randomInt(0, 0x8000);
    this.#lastTimestamp = randomInt(0, 0x7fffffff);
  }

  /** Forgets every source so the next packet starts a new segment (e.g. after unbridging). */
  resetSource(): void {
    this.#current = undefined;
    this.#sources.clear();
  }

  /** Rewrites SSRC, sequence number, timestamp and (on a new segment) the marker bit in place. */
  rewrite(packet: RtpPacket): void {
    const now = this.#clock.now();
    const sequenceNumber = packet.sequenceNumber;
    let mapping = this.#sources.get(packet.ssrc);
    if (mapping && !this.#continues(mapping, sequenceNumber)) mapping = undefined;
    if (mapping && mapping !== this.#current) {
      const behind = (this.#lastTimestamp - ((packet.timestamp + mapping.timestampOffset) >>> 0)) >>> 0;
      if (now - mapping.lastSeenAt > this.#rememberSourceMs || (behind > this.#clockRate && behind < 0x80000000)) {
        // Forgotten, or its old timeline would now run more than a second behind the stream.
        mapping = undefined;
      } else {
        // A remembered source returns: keep its timeline, continue our sequence numbers.
        mapping.sequenceOffset = (this.#lastSequenceNumber + 1 - sequenceNumber) & 0xffff;
      }
    }
    if (!mapping) {
      mapping = this.#anchor(packet, now);
      packet.marker = true;
    }
    if (((sequenceNumber - mapping.lastSequenceNumber) & 0xffff) <= MAX_SEQUENCE_JUMP)
      mapping.lastSequenceNumber = sequenceNumber;
    mapping.lastSeenAt = now;
    this.#current = mapping;

    const outSequence = (sequenceNumber + mapping.sequenceOffset) & 0xffff;
    const outTimestamp = (packet.timestamp + mapping.timestampOffset) >>> 0;
    if (((outSequence - this.#lastSequenceNumber) & 0xffff) < 0x8000) this.#lastSequenceNumber = outSequence;
    if ((outTimestamp - this.#lastTimestamp) >>> 0 < 0x80000000) this.#lastTimestamp = outTimestamp;
    this.#lastSentAt = now;
    packet.sequenceNumber = outSequence;
    packet.timestamp = outTimestamp;
    packet.ssrc = this.ssrc;
  }

  /** Whether a sequence number continues the source (forward within a dropout, or slightly reordered). */
  #continues(mapping: SourceMapping, sequenceNumber: number): boolean {
    const ahead = (sequenceNumber - mapping.lastSequenceNumber) & 0xffff;
    return ahead <= MAX_SEQUENCE_JUMP || ahead >= 0x10000 - MAX_REORDER;
  }

  #anchor(packet: RtpPacket, now: number): SourceMapping {
    const elapsed =
      this.#lastSentAt === undefined ? 0 : Math.round(((now - this.#lastSentAt) * this.#clockRate) / 1000);
    const nextTimestamp = (this.#lastTimestamp + Math.max(elapsed, this.#samplesPerPacket)) >>> 0;
    const mapping: SourceMapping = {
      ssrc: packet.ssrc,
      sequenceOffset: (this.#lastSequenceNumber + 1 - packet.sequenceNumber) & 0xffff,
      timestampOffset: (nextTimestamp - packet.timestamp) >>> 0,
      lastSequenceNumber: packet.sequenceNumber,
      lastSeenAt: now,
    };
    this.#sources.delete(packet.ssrc);
    this.#sources.set(packet.ssrc, mapping);
    if (this.#sources.size > REMEMBERED_SOURCES) {
      const oldest = this.#sources.keys().next().value;
      if (oldest !== undefined) this.#sources.delete(oldest);
    }
    return mapping;
  }
}
