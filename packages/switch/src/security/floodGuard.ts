/**
 * Flood protection at the SIP edge (issue 10, "Floods and reflection"): asked for every datagram
 * and TCP message before it is parsed, so a flooding source costs a map lookup and nothing more.
 * Pure rules; the clock is injected.
 *
 * - Per source address, a sliding window of requests (Kamailio antiflood's default: more than 16
 *   requests in 2 s). A stranger over its limit is dropped silently for 5 minutes (a `flood` and a
 *   `ban` event; `unban` when it runs out). Registered and trunk addresses (KnownSources) have
 *   higher limits and only their excess is dropped: they are never banned, because one misbehaving
 *   phone must not cut off its whole office's NAT address, nor a carrier all inbound calls.
 * - A total cap per second with a share reserved for registered and trunk sources: strangers
 *   together may never use more than `totalPerSecond - reservedForKnownPerSecond`, so a flood
 *   spread over many (spoofed) addresses still leaves the known sources their share. What is shed
 *   is reported as `flood_shed`, at most once per `reportIntervalMs`.
 * - Concurrent server transactions per source, by kind (`maxServerTransactions`), enforced by the
 *   transaction layer with a stateless 503.
 *
 * The window is the usual two-bucket estimate (the previous fixed window weighted by how much of
 * it still overlaps the sliding one, plus the current): constant memory per source, and exact
 * enough for a limit meant to catch floods, not to count.
 */
import type { SourceKind } from './knownSources.ts';
import type { SipSecurityLog } from './securityEvent.ts';

export interface FloodLimits {
  /** Length of the per-source sliding window (default 2 s). */
  windowMs: number;
  /** Requests allowed per window, by kind of source (default stranger 16, registered 160, trunk 2000). */
  perWindow: Record<SourceKind, number>;
  /** How long a stranger over its limit is dropped (default 5 minutes). */
  banMs: number;
  /** Requests per second from all sources together (default 4000). */
  totalPerSecond: number;
  /** Of the total, what strangers can never take from registered and trunk sources (default 2000). */
  reservedForKnownPerSecond: number;
  /** Concurrent server transactions per source, by kind (default stranger 32, registered 512, trunk 4096). */
  serverTransactions: Record<SourceKind, number>;
  /** Least time between two `flood` events for one registered or trunk source, and between `flood_shed` events (default 10 s). */
  reportIntervalMs: number;
}

/** What `vaxel start` runs with. */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = {
  windowMs: 2000,
  perWindow: { stranger: 16, registered: 160, trunk: 2000 },
  banMs: 5 * 60_000,
  totalPerSecond: 4000,
  reservedForKnownPerSecond: 2000,
  serverTransactions: { stranger: 32, registered: 512, trunk: 4096 },
  reportIntervalMs: 10_000,
};

/** Partial limits over the defaults (the per-kind records may be partial too). */
export type FloodOptions = Partial<Omit<FloodLimits, 'perWindow' | 'serverTransactions'>> & {
  perWindow?: Partial<Record<SourceKind, number>>;
  serverTransactions?: Partial<Record<SourceKind, number>>;
  /**
   * Addresses never limited (a trusted SBC in front of the switch, a benchmark's load generator),
   * with a trunk's bound on transactions; like the authentication guard's `exempt`.
   */
  exempt?: readonly string[];
};

export function floodLimits(options: FloodOptions = {}): FloodLimits {
  return {
    ...DEFAULT_FLOOD_LIMITS,
    ...options,
    perWindow: { ...DEFAULT_FLOOD_LIMITS.perWindow, ...options.perWindow },
    serverTransactions: { ...DEFAULT_FLOOD_LIMITS.serverTransactions, ...options.serverTransactions },
  };
}

interface SourceWindow {
  windowStart: number;
  current: number;
  previous: number;
  lastReportAt: number;
}

interface Ban {
  until: number;
  level: number;
}

export interface FloodGuardOptions {
  now: () => number;
  kind: (address: string) => SourceKind;
  securityLog: SipSecurityLog;
  limits?: FloodOptions;
}

export interface FloodStats {
  /** Sources with a window remembered. */
  sources: number;
  bans: number;
  dropped: number;
  shed: number;
}

export class FloodGuard {
  readonly limits: FloodLimits;
  readonly #now: () => number;
  readonly #kind: (address: string) => SourceKind;
  readonly #exempt: ReadonlySet<string>;
  readonly #log: SipSecurityLog;
  readonly #windows = new Map<string, SourceWindow>();
  readonly #bans = new Map<string, Ban>();
  /** Flood bans remembered for their level after they end (an address banned again gets the next level). */
  readonly #levels = new Map<string, { level: number; at: number }>();
  #second = { start: 0, strangers: 0, known: 0 };
  #shedSinceReport = { strangers: 0, known: 0, lastReportAt: Number.NEGATIVE_INFINITY };
  #lastSweep = 0;
  #dropped = 0;
  #shed = 0;

  constructor(options: FloodGuardOptions) {
    this.#now = options.now;
    this.#kind = options.kind;
    this.#exempt = new Set(options.limits?.exempt ?? []);
    this.#log = options.securityLog;
    this.limits = floodLimits(options.limits);
  }

  /**
   * Whether a message from `address` is read at all. Responses are not counted (they answer what
   * the switch sent) but a banned source's are dropped too.
   */
  admit(address: string, response = false): boolean {
    if (this.#exempt.has(address)) return true;
    const now = this.#now();
    this.#sweep(now);
    const ban = this.#bans.get(address);
    if (ban !== undefined) {
      if (now < ban.until) {
        this.#dropped++;
        return false;
      }
      this.#unban(address, 'expiry');
    }
    if (response) return true;
    const kind = this.#kind(address);
    if (!this.#withinTotal(now, kind, address)) return false;
    const window = this.#window(address, now);
    const limit = this.limits.perWindow[kind];
    if (estimate(window, now, this.limits.windowMs) < limit) {
      window.current++;
      return true;
    }
    this.#dropped++;
    const requests = Math.ceil(estimate(window, now, this.limits.windowMs)) + 1;
    if (kind === 'stranger') {
      this.#ban(address, now, requests);
    } else if (now - window.lastReportAt >= this.limits.reportIntervalMs) {
      window.lastReportAt = now;
      this.#log.record({
        type: 'flood',
        source: address,
        kind,
        requests,
        seconds: this.limits.windowMs / 1000,
        action: 'excess_dropped',
      });
    }
    return false;
  }

  /** The bound on concurrent server transactions for this source. */
  maxServerTransactions(address: string): number {
    if (this.#exempt.has(address)) return this.limits.serverTransactions.trunk;
    return this.limits.serverTransactions[this.#kind(address)];
  }

  isBanned(address: string): boolean {
    const ban = this.#bans.get(address);
    return ban !== undefined && this.#now() < ban.until;
  }

  /** The flood bans in force, for the operator's view (`GET /api/v1/operator/sip-bans`). */
  bans(now: number = this.#now()): Array<{ address: string; level: number; until: number }> {
    return [...this.#bans]
      .filter(([, ban]) => now < ban.until)
      .map(([address, ban]) => ({ address, level: ban.level, until: ban.until }));
  }

  /** Lifts a flood ban (the operator's). */
  lift(address: string): boolean {
    if (!this.#bans.has(address)) return false;
    this.#unban(address, 'operator');
    return true;
  }

  stats(): FloodStats {
    return { sources: this.#windows.size, bans: this.#bans.size, dropped: this.#dropped, shed: this.#shed };
  }

  #ban(address: string, now: number, requests: number): void {
    const previous = this.#levels.get(address);
    // A repeat within a day is the next level (reported; the ban itself stays banMs).
    const level = previous !== undefined && now - previous.at < 86_400_000 ? previous.level + 1 : 1;
    this.#levels.set(address, { level, at: now });
    this.#bans.set(address, { until: now + this.limits.banMs, level });
    this.#windows.delete(address);
    const seconds = this.limits.windowMs / 1000;
    this.#log.record({ type: 'flood', source: address, kind: 'stranger', requests, seconds, action: 'banned' });
    this.#log.record({
      type: 'ban',
      source: address,
      reason: 'flood',
      seconds: Math.round(this.limits.banMs / 1000),
      level,
    });
  }

  #unban(address: string, by: 'expiry' | 'operator'): void {
    this.#bans.delete(address);
    this.#log.record({ type: 'unban', source: address, by });
  }

  /** The per-second total with the known sources' reserved share (see the module comment). */
  #withinTotal(now: number, kind: SourceKind, address: string): boolean {
    if (now - this.#second.start >= 1000) this.#second = { start: now, strangers: 0, known: 0 };
    const second = this.#second;
    const { totalPerSecond, reservedForKnownPerSecond } = this.limits;
    const all = second.strangers + second.known;
    const admitted =
      kind === 'stranger'
        ? second.strangers < totalPerSecond - reservedForKnownPerSecond && all < totalPerSecond
        : all < totalPerSecond || second.known < reservedForKnownPerSecond;
    if (admitted) {
      if (kind === 'stranger') second.strangers++;
      else second.known++;
      return true;
    }
    this.#shed++;
    const shed = this.#shedSinceReport;
    if (kind === 'stranger') shed.strangers++;
    else shed.known++;
    if (now - shed.lastReportAt >= this.limits.reportIntervalMs) {
      this.#log.record({
        type: 'flood_shed',
        source: address,
        strangers: shed.strangers,
        known: shed.known,
        seconds: Math.round(Math.min(now - shed.lastReportAt, 86_400_000) / 1000),
      });
      this.#shedSinceReport = { strangers: 0, known: 0, lastReportAt: now };
    }
    return false;
  }

  #window(address: string, now: number): SourceWindow {
    let window = this.#windows.get(address);
    if (window === undefined) {
      window = { windowStart: now, current: 0, previous: 0, lastReportAt: Number.NEGATIVE_INFINITY };
      this.#windows.set(address, window);
    }
    roll(window, now, this.limits.windowMs);
    return window;
  }

  /** Forgets idle windows and ended bans once a window, so spoofed sources cannot grow the maps for long. */
  #sweep(now: number): void {
    if (now - this.#lastSweep < this.limits.windowMs) return;
    this.#lastSweep = now;
    for (const [address, window] of this.#windows) {
      roll(window, now, this.limits.windowMs);
      if (window.current === 0 && window.previous === 0 && now - window.lastReportAt >= this.limits.reportIntervalMs)
        this.#windows.delete(address);
    }
    for (const [address, ban] of this.#bans) if (now >= ban.until) this.#unban(address, 'expiry');
    for (const [address, entry] of this.#levels) if (now - entry.at >= 86_400_000) this.#levels.delete(address);
  }
}

/** Moves the fixed windows forward to the one holding `now`. */
function roll(window: SourceWindow, now: number, windowMs: number): void {
  const elapsed = now - window.windowStart;
  if (elapsed < windowMs) return;
  const steps = Math.floor(elapsed / windowMs);
  window.previous = steps === 1 ? window.current : 0;
  window.current = 0;
  window.windowStart += steps * windowMs;
}

/** Requests in the sliding window ending now. */
function estimate(window: SourceWindow, now: number, windowMs: number): number {
  const overlap = 1 - (now - window.windowStart) / windowMs;
  return window.previous * overlap + window.current;
}
