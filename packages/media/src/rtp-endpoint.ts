import type { RemoteInfo } from 'node:dgram';
import { systemClock, type Clock, type TimerHandle } from './clock.ts';
import { InvalidStateError } from './errors.ts';
import { MediaSourceRule } from './media-source-rule.ts';
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
  /** Datagrams ignored as malformed (or a socket error). */
  packetsDropped: number;
  /**
   * RTP and RTCP datagrams dropped because they came from a source the party's session
   * description and signalling do not vouch for ({@link MediaSourceRule}): never relayed,
   * recorded, played or searched for digits.
   */
  strangerPacketsDropped: number;
  rtcpPacketsReceived: number;
}

/** Where the party's SIP came from, for the latching rule (see {@link MediaSourceRule}). */
export interface RemoteSignalling {
  /** The transport source host of the party's INVITE, answer or re-INVITE. */
  signalledFrom?: string;
}

/**
 * Counters shared by every endpoint of one switch (the switch reports them): a spray over the
 * port range shows up here even on ports whose calls ended.
 */
export interface RtpDropTally {
  strangerPacketsDropped: number;
}

export type RtpEndpointEvents = {
  /** An RTP packet from the remote. Listeners share the packet and must not modify it (clone first). */
  rtp: [packet: RtpPacket, from: TransportAddress];
  /** A parsed RTCP datagram, from the RTCP port or muxed on the RTP port (RFC 5761). */
  rtcp: [packets: RtcpPacket[], from: TransportAddress];
  /** The port was learnt once: sending goes where the party's RTP comes from (RFC 7362 latching). */
  latch: [remote: TransportAddress];
  /** No RTP for the inactivity timeout. Emitted once per silence; re-armed by the next packet. */
  timeout: [];
  close: [];
};

export interface RtpEndpointOptions {
  /** Milliseconds without RTP before `timeout` is emitted; 0 (default) disables the check. */
  inactivityTimeoutMs?: number;
  /** Also counts strangers' datagrams here (the switch's tally over all its endpoints). */
  tally?: RtpDropTally;
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
 * Remote address: the one from SDP (`setRemote`), with where the party's SIP came from. Which
 * sources are heard is a {@link MediaSourceRule} (RFC 7362, restricted latching): the SDP's
 * address, or — for a phone behind NAT, whose SDP names a private address — the host its SIP came
 * from, whose port is learnt once from the first packet (RFC 4961 §4: a symmetric RTP endpoint
 * sends from the port it receives on). RTCP has a rule of its own for the port above (RFC 3550
 * §11). Everything else is counted in `strangerPacketsDropped` and dropped before any listener
 * sees it, so a stranger spraying the port range is never relayed, recorded, played or taken for
 * a key press. Before the first `setRemote`, every datagram is a stranger's. A new SDP
 * (`setRemote`) makes new rules: a switch that moves a side to a new peer (forked legs sharing
 * the callee side) listens to the new peer only.
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
  readonly #tally: RtpDropTally | undefined;
  readonly #outgoing: RtpStreamRewriter;
  readonly #stats: RtpEndpointStats = {
    packetsReceived: 0,
    bytesReceived: 0,
    packetsSent: 0,
    bytesSent: 0,
    packetsDropped: 0,
    strangerPacketsDropped: 0,
    rtcpPacketsReceived: 0,
  };
  readonly #rtcp: RtcpReporter;
  /** Where the peer's RTCP came from (symmetric RTCP), and whether it was muxed on the RTP port. */
  #rtcpSource: { from: TransportAddress; muxed: boolean } | undefined;
  /** Which RTP sources are heard, and where RTP is sent; undefined until the first SDP. */
  #rtpRule: MediaSourceRule | undefined;
  /** Which sources may send RTCP to the RTCP port (the port above the SDP's). */
  #rtcpRule: MediaSourceRule | undefined;
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
    this.#tally = options.tally;
    this.#outgoing = new RtpStreamRewriter({
      clock: this.#clock,
      ...(options.ssrc === undefined ? {} : { ssrc: options.ssrc }),
    });
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

  /** Where packets are sent: the learnt source once latched, else the SDP address. */
  get remote(): TransportAddress | undefined {
    const remote = this.#rtpRule?.sendTo;
    return remote === undefined ? undefined : { ...remote };
  }

  get latched(): boolean {
    return this.#rtpRule?.state === 'latched';
  }

  /** The SDP's address is private or not where SIP came from (then the SIP host is trusted). */
  get behindNat(): boolean {
    return this.#rtpRule?.behindNat ?? false;
  }

  /** A snapshot of the counters. */
  get stats(): RtpEndpointStats {
    return { ...this.#stats };
  }

  /** Loss and jitter of the incoming stream (RFC 3550 §6.4.1), once RTP has arrived. */
  get reception(): ReceptionSummary | undefined {
    return this.#rtcp.reception;
  }

  /**
   * Sets the remote from SDP (offer/answer or re-INVITE) and where that SDP's SIP came from; the
   * sources heard start again from this description (a learnt port is forgotten).
   */
  setRemote(remote: TransportAddress, signalling: RemoteSignalling = {}): void {
    this.#assertOpen();
    if (!Number.isInteger(remote.port) || remote.port < 0 || remote.port > 65535) {
      throw new RangeError(`remote RTP port ${remote.port} is out of range`);
    }
    const options = signalling.signalledFrom === undefined ? {} : { signalledFrom: signalling.signalledFrom };
    this.#rtpRule = new MediaSourceRule({ address: remote.address, port: remote.port }, options);
    this.#rtcpRule = new MediaSourceRule({ address: remote.address, port: Math.min(remote.port + 1, 65535) }, options);
    this.#rtcpSource = undefined;
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
    const verdict = this.#rtpRule?.admit(from) ?? 'stranger';
    if (verdict === 'stranger') {
      this.#droppedStranger();
      return;
    }
    if (verdict === 'latched') this.emit('latch', { ...from });
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
    // RTCP muxed on the RTP port (RFC 5761) comes from the RTP source, so the RTP rule judges it.
    const from = { address: rinfo.address, port: rinfo.port };
    const verdict = (muxed ? this.#rtpRule : this.#rtcpRule)?.admit(from) ?? 'stranger';
    if (verdict === 'stranger') {
      this.#droppedStranger();
      return;
    }
    if (muxed && verdict === 'latched') this.emit('latch', { ...from });
    let packets: RtcpPacket[];
    try {
      packets = parseRtcp(message);
    } catch {
      this.#stats.packetsDropped++;
      return;
    }
    this.#stats.rtcpPacketsReceived++;
    this.#rtcpSource = { from: muxed ? from : this.#rtcpRule!.sendTo, muxed };
    this.#rtcp.rtcpReceived(packets);
    this.emit('rtcp', packets, from);
  }

  #droppedStranger(): void {
    this.#stats.strangerPacketsDropped++;
    if (this.#tally) this.#tally.strangerPacketsDropped++;
  }

  /**
   * RTCP goes where the peer's accepted RTCP comes from (symmetric, like RTP); before any arrives,
   * to the port above the RTP remote (RFC 3550 §11) — or to the RTP remote itself if the peer muxes.
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
