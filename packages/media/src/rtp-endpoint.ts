import type { RemoteInfo } from 'node:dgram';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { InvalidStateError } from './errors.ts';
import { parseRtcp, type RtcpPacket } from './rtcp-packet.ts';
import { RtcpReporter } from './rtcp-reporter.ts';
import type { ReceptionSummary } from './rtp-receive-statistics.ts';
import { isRtcp, RtpPacket } from './rtp-packet.ts';
import type { RtpPortAllocation, RtpPortPool } from './rtp-port-pool.ts';
import { RtpStreamRewriter } from './rtp-stream-rewriter.ts';
import { TypedEventEmitter } from './typed-event-emitter.ts';

export interface TransportAddress {
  address: string;
  port: number;
}

export interface RtpEndpointStats {
  packetsReceived: number;
  bytesReceived: number;
  packetsSent: number;
  bytesSent: number;
  /** Datagrams ignored: malformed, or RTP from a source other than the latched one. */
  packetsDropped: number;
  rtcpPacketsReceived: number;
}

export type RtpEndpointEvents = {
  /** An RTP packet from the remote. Listeners share the packet and must not modify it (clone first). */
  rtp: [packet: RtpPacket, from: TransportAddress];
  /** A parsed RTCP datagram, from the RTCP port or muxed on the RTP port (RFC 5761). */
  rtcp: [packets: RtcpPacket[], from: TransportAddress];
  /** Sending switched to where RTP actually comes from (symmetric RTP). */
  latch: [remote: TransportAddress];
  /** No RTP for the inactivity timeout. Emitted once per silence; re-armed by the next packet. */
  timeout: [];
  close: [];
};

export interface RtpEndpointOptions {
  /** Milliseconds without RTP before `timeout` is emitted; 0 (default) disables the check. */
  inactivityTimeoutMs?: number;
  /** Send back to the source of received RTP instead of the SDP address (default true). */
  symmetric?: boolean;
  /** Accept RTP from a new source once the latched one has been silent this long (default 2000 ms). */
  relatchAfterMs?: number;
  /** SSRC of the stream this endpoint sends (random by default). */
  ssrc?: number;
  /** Average interval of RTCP reports (RFC 3550 §6.2); default 5000 ms, 0 sends none. */
  rtcpIntervalMs?: number;
  /** RTCP CNAME (RFC 3550 §6.5.1); default `vaxel@<local address>`. */
  cname?: string;
  clock?: Clock;
}

/**
 * One RTP session with one remote party over a port pair from an {@link RtpPortPool}.
 *
 * Remote address: first the one from SDP (`setRemote`), then corrected by symmetric RTP. Phones
 * behind NAT announce private addresses in SDP; RFC 4961 §4 has a symmetric RTP endpoint "send
 * RTP from the same port it receives on", so the source of the first RTP packet received is
 * where the peer really listens. The endpoint latches onto it and then ignores RTP from other
 * sources while the latched one keeps talking (a guard against stream hijacking); after
 * `relatchAfterMs` of silence from it, a new source is latched (NAT rebinding). A new SDP
 * (`setRemote`) forgets the latched source, and RTP from the SDP's own address is always
 * believed: a switch that moves a side to a new peer (forked legs sharing the callee side: a
 * colleague's phone taking a call while a mobile was being asked to press 1) must not stay
 * latched on packets the old peer still had in flight.
 *
 * Everything sent goes through one {@link RtpStreamRewriter}, so the remote sees one consistent
 * stream whether a bridge or a player feeds it.
 *
 * Lifecycle: open → closed. `close()` is safe to call twice; it releases the port pair. Closing
 * the pool closes its endpoints, which closes their bridges and stops their recorders (cascade).
 */
export class RtpEndpoint extends TypedEventEmitter<RtpEndpointEvents> {
  readonly #allocation: RtpPortAllocation;
  readonly #clock: Clock;
  readonly #symmetric: boolean;
  readonly #relatchAfterMs: number;
  readonly #outgoing: RtpStreamRewriter;
  readonly #stats: RtpEndpointStats = {
    packetsReceived: 0,
    bytesReceived: 0,
    packetsSent: 0,
    bytesSent: 0,
    packetsDropped: 0,
    rtcpPacketsReceived: 0,
  };
  readonly #rtcp: RtcpReporter;
  /** Where the peer's RTCP came from (symmetric RTCP), and whether it was muxed on the RTP port. */
  #rtcpSource: { from: TransportAddress; muxed: boolean } | undefined;
  #sdpRemote: TransportAddress | undefined;
  #latchedRemote: TransportAddress | undefined;
  #closed = false;
  #inactivityTimeoutMs: number;
  #inactivityTimer: TimerHandle | undefined;
  #lastRtpAt: number;
  #timedOut = false;

  /** Allocates a port pair from the pool and opens an endpoint on it. */
  static async open(pool: RtpPortPool, options: RtpEndpointOptions & { address?: string } = {}): Promise<RtpEndpoint> {
    const allocation = await pool.allocate(options.address === undefined ? {} : { address: options.address });
    return new RtpEndpoint(allocation, options);
  }

  /** Takes ownership of the allocation: it is released when the endpoint closes. */
  constructor(allocation: RtpPortAllocation, options: RtpEndpointOptions = {}) {
    super();
    this.#allocation = allocation;
    this.#clock = options.clock ?? systemClock;
    this.#symmetric = options.symmetric ?? true;
    this.#relatchAfterMs = options.relatchAfterMs ?? 2000;
    this.#outgoing = new RtpStreamRewriter({ clock: this.#clock, ...(options.ssrc === undefined ? {} : { ssrc: options.ssrc }) });
    this.#inactivityTimeoutMs = options.inactivityTimeoutMs ?? 0;
    this.#lastRtpAt = this.#clock.now();
    this.#rtcp = new RtcpReporter({
      ssrc: this.#outgoing.ssrc,
      cname: options.cname ?? `vaxel@${allocation.address}`,
      intervalMs: options.rtcpIntervalMs ?? 5000,
      clockRate: 8000,
      clock: this.#clock,
      wallClockMs: () => Date.now(),
      send: (datagram) => this.#sendRtcp(datagram),
    });
    allocation.rtpSocket.on('message', (message, rinfo) => this.#onRtpSocketMessage(message, rinfo));
    allocation.rtcpSocket.on('message', (message, rinfo) => this.#onRtcp(message, rinfo, false));
    // A socket error (e.g. ICMP unreachable surfaced on send) must not crash the process.
    allocation.rtpSocket.on('error', () => this.#stats.packetsDropped++);
    allocation.rtcpSocket.on('error', () => this.#stats.packetsDropped++);
    // Cascade: the pool closing (and releasing every port pair) closes the endpoint too.
    allocation.rtpSocket.once('close', () => this.close());
    this.#armInactivityTimer(this.#inactivityTimeoutMs);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get localAddress(): string {
    return this.#allocation.address;
  }

  get localPort(): number {
    return this.#allocation.rtpPort;
  }

  get localRtcpPort(): number {
    return this.#allocation.rtcpPort;
  }

  /** SSRC of the stream this endpoint sends. */
  get ssrc(): number {
    return this.#outgoing.ssrc;
  }

  /** Where packets are sent: the latched source if any, else the SDP address. */
  get remote(): TransportAddress | undefined {
    return this.#latchedRemote ?? this.#sdpRemote;
  }

  get latched(): boolean {
    return this.#latchedRemote !== undefined;
  }

  /** A snapshot of the counters. */
  get stats(): RtpEndpointStats {
    return { ...this.#stats };
  }

  /** Loss and jitter of the incoming stream (RFC 3550 §6.4.1), once RTP has arrived. */
  get reception(): ReceptionSummary | undefined {
    return this.#rtcp.reception;
  }

  /** Sets the remote from SDP (offer/answer or re-INVITE) and forgets the latched source. */
  setRemote(remote: TransportAddress): void {
    this.#assertOpen();
    if (!Number.isInteger(remote.port) || remote.port < 0 || remote.port > 65535) {
      throw new RangeError(`remote RTP port ${remote.port} is out of range`);
    }
    this.#sdpRemote = { address: remote.address, port: remote.port };
    this.#latchedRemote = undefined;
  }

  /** Changes the inactivity timeout (0 disables, e.g. while a call is on hold and the peer is silent). */
  setInactivityTimeout(ms: number): void {
    this.#assertOpen();
    this.#inactivityTimeoutMs = ms;
    this.#timedOut = false;
    this.#lastRtpAt = this.#clock.now();
    this.#armInactivityTimer(ms);
  }

  /**
   * Sends a packet as part of this endpoint's outgoing stream. The endpoint takes the packet:
   * its SSRC, sequence number and timestamp are rewritten in place. Returns false when there is
   * no remote yet (nothing sent); throws `InvalidStateError` after close.
   */
  send(packet: RtpPacket): boolean {
    this.#assertOpen();
    const remote = this.remote;
    if (!remote || remote.port === 0) return false;
    this.#outgoing.rewrite(packet);
    const bytes = packet.bytes;
    this.#allocation.rtpSocket.send(bytes, remote.port, remote.address);
    this.#stats.packetsSent++;
    this.#rtcp.rtpSent(packet);
    this.#stats.bytesSent += bytes.length;
    return true;
  }

  /** Makes the next packet sent start a new segment of the outgoing stream (marker bit set). */
  restartOutgoingSegment(): void {
    this.#outgoing.resetSource();
  }

  /** Releases the port pair and emits `close`. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#inactivityTimer) this.#clock.clearTimeout(this.#inactivityTimer);
    this.#inactivityTimer = undefined;
    this.#rtcp.stop();
    this.#allocation.release();
    this.emit('close');
    this.removeAllListeners();
  }

  #assertOpen(): void {
    if (this.#closed) throw new InvalidStateError('RTP endpoint is closed');
  }

  #onRtpSocketMessage(message: Buffer, rinfo: RemoteInfo): void {
    if (this.#closed) return;
    if (isRtcp(message)) {
      this.#onRtcp(message, rinfo, true);
      return;
    }
    let packet: RtpPacket;
    try {
      packet = RtpPacket.parse(message);
    } catch {
      this.#stats.packetsDropped++;
      return;
    }
    const from = { address: rinfo.address, port: rinfo.port };
    if (this.#symmetric) {
      const latched = this.#latchedRemote;
      const now = this.#clock.now();
      const fromLatched = latched !== undefined && latched.address === from.address && latched.port === from.port;
      if (!fromLatched) {
        // A NAT may rebind the phone to a new public port mid-call: once the latched source has
        // been silent for `relatchAfterMs`, the new source is believed. While it still talks,
        // a second source is an intruder and is ignored.
        const sdp = this.#sdpRemote;
        const fromSdp = sdp !== undefined && sdp.address === from.address && sdp.port === from.port;
        if (latched && !fromSdp && now - this.#lastRtpAt < this.#relatchAfterMs) {
          this.#stats.packetsDropped++;
          return;
        }
        this.#latchedRemote = from;
        if (latched || !sdp || sdp.address !== from.address || sdp.port !== from.port) this.emit('latch', from);
      }
    }
    this.#stats.packetsReceived++;
    this.#rtcp.rtpReceived(packet);
    this.#stats.bytesReceived += message.length;
    this.#lastRtpAt = this.#clock.now();
    if (this.#timedOut) {
      this.#timedOut = false;
      this.#armInactivityTimer(this.#inactivityTimeoutMs);
    }
    this.emit('rtp', packet, from);
  }

  #onRtcp(message: Buffer, rinfo: RemoteInfo, muxed: boolean): void {
    if (this.#closed) return;
    let packets: RtcpPacket[];
    try {
      packets = parseRtcp(message);
    } catch {
      this.#stats.packetsDropped++;
      return;
    }
    this.#stats.rtcpPacketsReceived++;
    this.#rtcpSource = { from: { address: rinfo.address, port: rinfo.port }, muxed };
    this.#rtcp.rtcpReceived(packets);
    this.emit('rtcp', packets, { address: rinfo.address, port: rinfo.port });
  }

  /**
   * RTCP goes where the peer's RTCP comes from (symmetric, like RTP); before any arrives, to the
   * port above the RTP remote (RFC 3550 §11) — or to the RTP remote itself if the peer muxes.
   */
  #sendRtcp(datagram: Uint8Array): void {
    if (this.#closed) return;
    const source = this.#rtcpSource;
    const remote = this.remote;
    if (source?.muxed && remote) {
      this.#allocation.rtpSocket.send(datagram, remote.port, remote.address);
    } else if (source) {
      this.#allocation.rtcpSocket.send(datagram, source.from.port, source.from.address);
    } else if (remote && remote.port > 0 && remote.port < 65535) {
      this.#allocation.rtcpSocket.send(datagram, remote.port + 1, remote.address);
    }
  }

  #armInactivityTimer(delayMs: number): void {
    if (this.#inactivityTimer) this.#clock.clearTimeout(this.#inactivityTimer);
    this.#inactivityTimer = undefined;
    if (this.#inactivityTimeoutMs <= 0 || this.#closed) return;
    this.#inactivityTimer = this.#clock.setTimeout(() => this.#checkInactivity(), delayMs);
  }

  #checkInactivity(): void {
    this.#inactivityTimer = undefined;
    if (this.#closed || this.#inactivityTimeoutMs <= 0) return;
    const idle = this.#clock.now() - this.#lastRtpAt;
    if (idle >= this.#inactivityTimeoutMs) {
      this.#timedOut = true;
      this.emit('timeout');
      return;
    }
    this.#armInactivityTimer(this.#inactivityTimeoutMs - idle);
  }
}
