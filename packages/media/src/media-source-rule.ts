import { isIP } from 'node:net';
import type { TransportAddress } from './rtp-endpoint.ts';

/**
 * What a port does with one datagram from a source:
 * - `accepted`: from the signalled address, or from the port already latched onto;
 * - `latched`: accepted, and the port now sends to this source (the once-only latch);
 * - `stranger`: dropped (counted by the endpoint; never relayed, recorded, played or detected).
 */
export type SourceVerdict = 'accepted' | 'latched' | 'stranger';

/**
 * States (RFC 7362 §4 "latching", restricted as its §7 advises):
 *
 *   Awaiting  → Confirmed (a packet from the signalled address)
 *   Awaiting  → Latched   (the first packet from the trusted host on another port: the port is learnt)
 *   Latched   → Confirmed (a packet from the signalled address after all)
 *   Confirmed → (none)
 *
 * No transition leads to another learnt source: latching happens at most once per description.
 */
export type MediaSourceState = 'awaiting' | 'confirmed' | 'latched';

export interface MediaSourceRuleOptions {
  /**
   * The host the party's SIP came from (the transport source of its INVITE, answer or re-INVITE).
   * Unknown (undefined, or a host name rather than an address): the description's own host is trusted.
   */
  signalledFrom?: string;
}

/**
 * Which sources an RTP (or RTCP) port of the switch accepts for one party, after RFC 7362.
 *
 * Latching — sending to wherever media comes from — is how a server reaches phones behind NAT,
 * whose session description names a private address. RFC 7362 §7 warns that latching onto the
 * first packet from anyone lets whoever sprays a port range first capture the call, and lists as
 * mitigations latching only to the IP address the signalling came from, and only once. So:
 *
 * - packets from the transport address the session description named are always accepted, and
 *   they fix the port's remote there (an SDP-signalled address needs no learning);
 * - when the party is behind NAT — the description's address is not where its SIP came from, or
 *   is private — the host its SIP came from is trusted instead; the first packet from that host
 *   teaches the port (a NAT picks the public port, so only the host is known in advance);
 * - without NAT the described host is the trusted one, so a phone that sends from another port
 *   than it listens on (not symmetric, RFC 4961) is still heard;
 * - everything else is a stranger. Once latched, the rule never moves to another learnt source:
 *   a NAT that rebinds mid-call ends the call by RTP timeout, which is the price of not letting an
 *   attacker who waits for a pause take the call over.
 *
 * A new description (offer/answer, re-INVITE) makes a new rule. Pure: no sockets, no clock.
 */
export class MediaSourceRule {
  readonly described: TransportAddress;
  /** The one host a port may be learnt on. */
  readonly trustedHost: string;
  /** The described address is private or not where SIP came from: the SIP host is trusted instead. */
  readonly behindNat: boolean;
  #state: MediaSourceState = 'awaiting';
  #latched: TransportAddress | undefined;

  constructor(described: TransportAddress, options: MediaSourceRuleOptions = {}) {
    this.described = { address: normaliseHost(described.address), port: described.port };
    // A host name (a trunk configured by name) is not an address packets come from: unknown.
    const signalledFrom =
      options.signalledFrom === undefined || isIP(normaliseHost(options.signalledFrom)) === 0
        ? undefined
        : normaliseHost(options.signalledFrom);
    this.behindNat =
      (signalledFrom !== undefined && signalledFrom !== this.described.address) ||
      isPrivateAddress(this.described.address);
    // Without knowing where the SIP came from there is no other host to trust.
    this.trustedHost = this.behindNat && signalledFrom !== undefined ? signalledFrom : this.described.address;
  }

  get state(): MediaSourceState {
    return this.#state;
  }

  /** Where the port sends: the learnt source once latched, else the described address. */
  get sendTo(): TransportAddress {
    return this.#latched ?? this.described;
  }

  /** Judges one datagram's source and moves the state machine. */
  admit(from: TransportAddress): SourceVerdict {
    const host = normaliseHost(from.address);
    if (host === this.described.address && from.port === this.described.port) {
      this.#state = 'confirmed';
      this.#latched = undefined;
      return 'accepted';
    }
    if (this.#state === 'latched') {
      return this.#latched !== undefined && host === this.#latched.address && from.port === this.#latched.port
        ? 'accepted'
        : 'stranger';
    }
    if (this.#state === 'awaiting' && host === this.trustedHost) {
      this.#state = 'latched';
      this.#latched = { address: host, port: from.port };
      return 'latched';
    }
    return 'stranger';
  }
}

/** `::ffff:192.0.2.1` (a dual-stack socket's view of an IPv4 peer) is `192.0.2.1`; IPv6 in lower case. */
export function normaliseHost(address: string): string {
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  return mapped ? mapped[1]! : lower;
}

/**
 * Addresses a packet from the Internet cannot come from, so a description naming one is a phone
 * behind NAT: RFC 1918 private ranges, RFC 6598 shared (carrier-grade NAT), link-local (RFC 3927,
 * RFC 4291), and IPv6 unique local addresses (RFC 4193).
 */
export function isPrivateAddress(address: string): boolean {
  const host = normaliseHost(address);
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254)
    );
  }
  return /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host);
}
