/**
 * Who an address is to the SIP edge (issue 10): a trunk's (a carrier's inbound address), a
 * registered device's (a phone that answered a digest and is bound now), or a stranger's. The
 * edge trusts the first two more: higher rate limits, priority under a flood, and they are never
 * banned by another user's failures. Synchronous, so the edge can ask before any per-request work.
 */
import { plainAddress } from '../routing/selectTrunk.ts';

export type SourceKind = 'trunk' | 'registered' | 'stranger';

export class KnownSources {
  readonly #now: () => number;
  #trunks = new Set<string>();
  /** Address → the latest expiry (ms) among the bindings registered from it. */
  readonly #registered = new Map<string, number>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The trunks' inbound addresses, replaced whole when the trunks are read. */
  setTrunkAddresses(addresses: Iterable<string>): void {
    // Compared as admitCall compares them (an IPv4-mapped IPv6 source is its IPv4 address).
    this.#trunks = new Set([...addresses].map(plainAddress));
  }

  /** A device registered from `address` until `expiresAtMs` (a later binding extends it). */
  registered(address: string, expiresAtMs: number): void {
    const plain = plainAddress(address);
    const known = this.#registered.get(plain) ?? 0;
    if (expiresAtMs > known) this.#registered.set(plain, expiresAtMs);
  }

  kind(address: string): SourceKind {
    const plain = plainAddress(address);
    if (this.#trunks.has(plain)) return 'trunk';
    const until = this.#registered.get(plain);
    if (until !== undefined) {
      if (until > this.#now()) return 'registered';
      this.#registered.delete(plain);
    }
    return 'stranger';
  }

  /** Addresses remembered (for leak checks). */
  get size(): number {
    return this.#trunks.size + this.#registered.size;
  }
}
