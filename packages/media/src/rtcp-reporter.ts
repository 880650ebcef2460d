import type { Clock, TimerHandle } from './clock.ts';
import type { RtcpPacket } from './rtcp-packet.ts';
import { serializeReceiverReport } from './rtcp-receiver-report.ts';
import { serializeSdesCname } from './rtcp-sdes.ts';
import { serializeSenderReport } from './rtcp-sender-report.ts';
import type { RtpPacket } from './rtp-packet.ts';
import { RtpReceiveStatistics, type ReceptionSummary } from './rtp-receive-statistics.ts';

/** Seconds between 1900-01-01 (NTP epoch) and 1970-01-01 (Unix epoch). */
const NTP_UNIX_OFFSET = 2_208_988_800;

export interface RtcpReporterOptions {
  ssrc: number;
  cname: string;
  /** Average time between reports; RFC 3550 §6.2 recommends a 5 s minimum. */
  intervalMs: number;
  clockRate: number;
  clock: Clock;
  /** Wall-clock milliseconds since 1970 for the SR's NTP timestamp. */
  wallClockMs: () => number;
  /** Sends one compound RTCP datagram (the owner picks the address and socket). */
  send: (datagram: Uint8Array) => void;
}

/**
 * The RTCP side of one RTP session, RFC 3550 §6: tracks the incoming source (loss, jitter) and
 * the outgoing stream, and sends a compound report every interval, randomised to 0.5–1.5 times
 * the interval (§6.3.5) so sessions started together do not report in lockstep. A report is an
 * SR when we sent RTP since the previous report, else an RR (§6.4), followed by the SDES CNAME
 * every compound packet must carry (§6.1).
 */
export class RtcpReporter {
  readonly #options: RtcpReporterOptions;
  readonly #reception: RtpReceiveStatistics;
  #packetsSent = 0;
  #octetsSent = 0;
  #sentSinceReport = false;
  #lastSent: { timestamp: number; atMs: number } | undefined;
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(options: RtcpReporterOptions) {
    this.#options = options;
    this.#reception = new RtpReceiveStatistics(options.clockRate);
    this.#schedule();
  }

  /** Loss and jitter of the incoming stream, once one has arrived. */
  get reception(): ReceptionSummary | undefined {
    return this.#reception.started ? this.#reception.summary() : undefined;
  }

  rtpReceived(packet: RtpPacket): void {
    this.#reception.update(packet, this.#options.clock.now());
  }

  /** Call with the packet as sent (after rewriting). */
  rtpSent(packet: RtpPacket): void {
    this.#packetsSent++;
    this.#octetsSent += packet.payload.length;
    this.#sentSinceReport = true;
    this.#lastSent = { timestamp: packet.timestamp, atMs: this.#options.clock.now() };
  }

  rtcpReceived(packets: readonly RtcpPacket[]): void {
    for (const packet of packets) {
      if (packet.type === 'sender-report') {
        this.#reception.senderReportReceived(packet.ntpSeconds, packet.ntpFraction, this.#options.clock.now());
      }
    }
  }

  /** Builds the compound report that would be sent now. */
  compoundReport(): Uint8Array {
    const { ssrc, cname, clock, clockRate, wallClockMs } = this.#options;
    const now = clock.now();
    const reports = this.#reception.started ? [this.#reception.reportBlock(now)] : [];
    let report: Uint8Array;
    if (this.#sentSinceReport && this.#lastSent) {
      const wall = wallClockMs() / 1000 + NTP_UNIX_OFFSET;
      const seconds = Math.floor(wall);
      // The RTP timestamp that corresponds to the NTP time (§6.4.1): extrapolated from the last packet.
      const rtpTimestamp =
        (this.#lastSent.timestamp + Math.round(((now - this.#lastSent.atMs) * clockRate) / 1000)) >>> 0;
      report = serializeSenderReport({
        ssrc,
        ntpSeconds: seconds >>> 0,
        ntpFraction: Math.floor((wall - seconds) * 0x100000000) >>> 0,
        rtpTimestamp,
        packetCount: this.#packetsSent,
        octetCount: this.#octetsSent,
        reports,
      });
    } else {
      report = serializeReceiverReport({ ssrc, reports });
    }
    this.#sentSinceReport = false;
    const sdes = serializeSdesCname(ssrc, cname);
    const compound = new Uint8Array(report.length + sdes.length);
    compound.set(report, 0);
    compound.set(sdes, report.length);
    return compound;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(): void {
    if (this.#stopped || this.#options.intervalMs <= 0) return;
    const delay = this.#options.intervalMs * (0.5 + Math.random());
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped) return;
      this.#options.send(this.compoundReport());
      this.#schedule();
    }, delay);
  }
}
