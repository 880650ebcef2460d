import type { RtpPacket } from './rtp-packet.ts';
import type { RtcpReportBlock } from './rtcp-report-block.ts';

/** RFC 3550 §A.1 constants. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const RTP_SEQ_MOD = 0x10000;

export interface ReceptionSummary {
  ssrc: number;
  packetsReceived: number;
  /** Cumulative packets lost (expected − received; duplicates can make it negative). */
  packetsLost: number;
  /** Interarrival jitter in milliseconds (RFC 3550 §6.4.1). */
  jitterMs: number;
}

/**
 * What a receiver knows about one incoming RTP source, kept as RFC 3550 Appendix A describes:
 * extended highest sequence number with wrap-around cycles (§A.1), expected and lost packets and
 * the fraction lost per report interval (§A.3), and interarrival jitter (§A.8):
 * "J(i) = J(i-1) + (|D(i-1,i)| - J(i-1))/16". A jump of more than MAX_DROPOUT in sequence numbers
 * is taken as the source restarting (§A.1) and resets the counters.
 */
export class RtpReceiveStatistics {
  readonly #clockRate: number;
  #ssrc = 0;
  #started = false;
  #baseSequence = 0;
  #maxSequence = 0;
  #cycles = 0;
  #badSequence = RTP_SEQ_MOD + 1;
  #received = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #transit: number | undefined;
  /** Jitter in timestamp units, scaled by 16 as in §A.8 to keep precision in integers. */
  #jitter16 = 0;
  #lastSenderReport: { ntpMiddle: number; arrivedAtMs: number } | undefined;

  constructor(clockRate = 8000) {
    this.#clockRate = clockRate;
  }

  get started(): boolean {
    return this.#started;
  }

  /** Records a received packet; `arrivalMs` is the local clock at arrival. */
  update(packet: RtpPacket, arrivalMs: number): void {
    const sequence = packet.sequenceNumber;
    if (!this.#started || packet.ssrc !== this.#ssrc) {
      this.#restart(packet.ssrc, sequence);
    } else {
      const delta = (sequence - this.#maxSequence + RTP_SEQ_MOD) % RTP_SEQ_MOD;
      if (delta < MAX_DROPOUT) {
        if (sequence < this.#maxSequence) this.#cycles += RTP_SEQ_MOD;
        this.#maxSequence = sequence;
      } else if (delta <= RTP_SEQ_MOD - MAX_MISORDER) {
        // A large jump: believe it only when the next packet follows it (§A.1).
        if (sequence === this.#badSequence) {
          this.#restart(packet.ssrc, sequence);
        } else {
          this.#badSequence = (sequence + 1) % RTP_SEQ_MOD;
          return;
        }
      }
      // Otherwise a duplicate or reordered packet: counted as received below.
    }
    this.#received++;
    const arrival = Math.round((arrivalMs * this.#clockRate) / 1000);
    const transit = (arrival - packet.timestamp) | 0;
    if (this.#transit !== undefined) {
      const d = Math.abs((transit - this.#transit) | 0);
      this.#jitter16 += d - ((this.#jitter16 + 8) >> 4);
    }
    this.#transit = transit;
  }

  /** Remembers a sender report from this source, for LSR/DLSR in our reports (§6.4.1). */
  senderReportReceived(ntpSeconds: number, ntpFraction: number, arrivedAtMs: number): void {
    this.#lastSenderReport = { ntpMiddle: ((ntpSeconds & 0xffff) << 16) | (ntpFraction >>> 16), arrivedAtMs };
  }

  summary(): ReceptionSummary {
    return {
      ssrc: this.#ssrc,
      packetsReceived: this.#received,
      packetsLost: this.#expected() - this.#received,
      jitterMs: Math.round(((this.#jitter16 >> 4) * 1000 * 10) / this.#clockRate) / 10,
    };
  }

  /** A reception report block for an RTCP SR/RR; starts a new interval for `fraction lost` (§A.3). */
  reportBlock(nowMs: number): RtcpReportBlock {
    const expected = this.#expected();
    const expectedInterval = expected - this.#expectedPrior;
    const receivedInterval = this.#received - this.#receivedPrior;
    this.#expectedPrior = expected;
    this.#receivedPrior = this.#received;
    const lostInterval = expectedInterval - receivedInterval;
    const fraction =
      expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval << 8) / expectedInterval);
    const lost = Math.max(-0x800000, Math.min(0x7fffff, expected - this.#received));
    const sr = this.#lastSenderReport;
    return {
      ssrc: this.#ssrc,
      fractionLost: fraction / 256,
      packetsLost: lost,
      highestSequenceNumber: (this.#cycles + this.#maxSequence) >>> 0,
      jitter: this.#jitter16 >> 4,
      lastSenderReport: sr ? sr.ntpMiddle >>> 0 : 0,
      // Delay since the last SR in units of 1/65536 seconds.
      delaySinceLastSenderReport: sr ? Math.round(((nowMs - sr.arrivedAtMs) / 1000) * 65536) >>> 0 : 0,
    };
  }

  #expected(): number {
    return this.#started ? this.#cycles + this.#maxSequence - this.#baseSequence + 1 : 0;
  }

  #restart(ssrc: number, sequence: number): void {
    this.#ssrc = ssrc;
    this.#started = true;
    this.#baseSequence = sequence;
    this.#maxSequence = sequence;
    this.#cycles = 0;
    this.#badSequence = RTP_SEQ_MOD + 1;
    this.#received = 0;
    this.#expectedPrior = 0;
    this.#receivedPrior = 0;
    this.#transit = undefined;
    this.#jitter16 = 0;
    this.#lastSenderReport = undefined;
  }
}
