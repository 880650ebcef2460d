/**
 * Brute-force protection for SIP digest authentication (product quality bar: "brute-force
 * protection on SIP ... logins"). Scanners try passwords by the thousand; after `maxFailures`
 * wrong answers from one source address within `windowMs`, that address is answered 403 for
 * `blockMs` without any password being checked.
 *
 * Only wrong *answers* count: the first request without credentials is the normal start of the
 * digest handshake (RFC 3261 §22.2) and must not count against anyone.
 */
export interface AuthGuardOptions {
  maxFailures?: number;
  windowMs?: number;
  blockMs?: number;
  now: () => number;
  /** Addresses never blocked (a test harness, a trusted SBC). */
  exempt?: readonly string[];
}

interface Entry {
  failures: number[];
  blockedUntil: number;
}

export class AuthGuard {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #blockMs: number;
  readonly #now: () => number;
  readonly #exempt: Set<string>;
  readonly #entries = new Map<string, Entry>();

  constructor(options: AuthGuardOptions) {
    this.#maxFailures = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#blockMs = options.blockMs ?? 300_000;
    this.#now = options.now;
    this.#exempt = new Set(options.exempt ?? []);
  }

  isBlocked(address: string): boolean {
    const entry = this.#entries.get(address);
    if (!entry) return false;
    if (entry.blockedUntil > this.#now()) return true;
    this.#prune(address, entry);
    return false;
  }

  /** Seconds until the block lifts, for Retry-After. */
  retryAfterSeconds(address: string): number {
    const entry = this.#entries.get(address);
    return entry ? Math.max(1, Math.ceil((entry.blockedUntil - this.#now()) / 1000)) : 0;
  }

  recordFailure(address: string): void {
    if (this.#exempt.has(address)) return;
    const now = this.#now();
    const entry = this.#entries.get(address) ?? { failures: [], blockedUntil: 0 };
    entry.failures = entry.failures.filter((at) => now - at < this.#windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.#maxFailures) {
      entry.blockedUntil = now + this.#blockMs;
      entry.failures = [];
    }
    this.#entries.set(address, entry);
  }

  recordSuccess(address: string): void {
    const entry = this.#entries.get(address);
    if (entry && entry.blockedUntil <= this.#now()) this.#entries.delete(address);
  }

  /** Addresses tracked (for leak checks). */
  get size(): number {
    return this.#entries.size;
  }

  #prune(address: string, entry: Entry): void {
    const now = this.#now();
    entry.failures = entry.failures.filter((at) => now - at < this.#windowMs);
    if (entry.failures.length === 0) this.#entries.delete(address);
  }
}
