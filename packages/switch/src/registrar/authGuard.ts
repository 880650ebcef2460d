/**
 * Brute-force protection for SIP digest authentication (issue 10, "Authentication guard"). Pure
 * rules over an injected clock; the switch asks it before authenticating and tells it the outcome.
 *
 * Failures are counted twice, independently:
 * - per (user, source address): `pairMaxFailures` in `windowMs` → that pair is refused for
 *   its level's time (someone mistyping a password, or a guesser aiming at one account); a repeat
 *   refusal within `levelResetMs` of the last one's end goes a level up (10 min → 1 h → 4 h →
 *   24 h by default), so a guesser the address rules never ban (from a registered device's
 *   address: the attacker's own phone) gets about 5 guesses a day at an account, not 720;
 * - per source address, across users: `addressMaxFailures` in `windowMs` → the address is banned
 *   (its requests dropped unanswered) for the current ban level's time; a repeat ban within
 *   `levelResetMs` of the last one's end goes a level up (1 h → 4 h → 24 h by default).
 *
 * A success clears only its own (user, source) counter. It never touches the address's count or
 * another user's: otherwise nine wrong guesses for one account and one right login for another
 * (the attacker's own) repeat forever.
 *
 * Who the address is matters (`KnownSources`): a trunk's address is never banned; a registered
 * device's address (an office behind one NAT address) is not banned by other users' failures,
 * only when its failures name `sprayUsernames` distinct usernames (spraying). The spray rule bans
 * any other address too. Only counted failures reach this guard (`isCountedDigestFailure`): a
 * forged nonce or junk from a spoofed address never does.
 *
 * Memory is bounded: each table keeps at most `maxEntries` entries, the least recently touched
 * going first. Defaults follow fail2ban's (5 tries in 10 minutes) and Kamailio pike's spirit.
 */
import type { SipSecurityLog } from '../security/securityEvent.ts';
import type { SourceKind } from '../security/knownSources.ts';

export interface AuthGuardOptions {
  now: () => number;
  /** Who an address is (trunk, registered device, stranger). */
  sources?: { kind(address: string): SourceKind };
  /** Where failures, refused pairs, bans and unbans are told. */
  securityLog?: SipSecurityLog;
  /** Failures of one user from one address in `windowMs` before that pair is refused (default 5). */
  pairMaxFailures?: number;
  /** How long a refused pair stays refused the first time (default 10 minutes). */
  pairBlockMs?: number;
  /** Refusal time per level after the first, the last one repeating (default 1 h, 4 h, 24 h). */
  pairRepeatLevelsMs?: readonly number[];
  /** Failures from one address across users in `windowMs` before it is banned (default 20). */
  addressMaxFailures?: number;
  /** Distinct usernames failing from one address in `windowMs` that make it spraying (default 10). */
  sprayUsernames?: number;
  /** The sliding window failures are counted in (default 10 minutes). */
  windowMs?: number;
  /** Ban time per level, the last one repeating (default 1 h, 4 h, 24 h). */
  banLevelsMs?: readonly number[];
  /** A ban this long after the previous one ended starts again at level 1 (default one day). */
  levelResetMs?: number;
  /** Entries kept per table (default 10,000). */
  maxEntries?: number;
  /** Addresses never counted, refused or banned (a benchmark's load generator, a trusted SBC). */
  exempt?: readonly string[];
}

export interface AuthBan {
  address: string;
  reason: 'auth_failures';
  level: number;
  /** ms since the epoch. */
  until: number;
}

export interface AddressFailureCount {
  address: string;
  failures: number;
  usernames: number;
}

export interface PairFailureCount {
  address: string;
  user: string;
  failures: number;
  /** ms since the epoch, when the pair is refused now. */
  refusedUntil: number | null;
}

export interface AuthGuardView {
  bans: AuthBan[];
  addresses: AddressFailureCount[];
  pairs: PairFailureCount[];
}

interface AddressEntry {
  failures: Array<{ at: number; user: string }>;
}

interface PairEntry {
  failures: number[];
  refusedUntil: number;
  /** The last refusal's level (0: never refused); kept to escalate a repeat within `levelResetMs`. */
  level: number;
}

interface BanEntry {
  level: number;
  until: number;
  /** False once it ended; kept to escalate a repeat within `levelResetMs`. */
  active: boolean;
}

const MINUTE = 60_000;
/**
 * Usernames are remembered (and logged) up to this length: the Authorization header is the
 * attacker's to fill, and 10,000 entries of 64 KiB names would be 640 MB. Real ones are far shorter.
 */
const USERNAME_KEPT = 64;
/**
 * Failures remembered per address: enough for every rule (20 failures, 10 usernames), bounded for
 * an address that is never banned (a trunk's is not counted at all; a registered one's can be).
 */
const FAILURES_KEPT = 1000;
const HOUR = 60 * MINUTE;

export class AuthGuard {
  readonly #now: () => number;
  readonly #sources: { kind(address: string): SourceKind };
  readonly #log: SipSecurityLog | undefined;
  readonly #pairMax: number;
  readonly #pairLevels: readonly number[];
  readonly #addressMax: number;
  readonly #sprayUsernames: number;
  readonly #windowMs: number;
  readonly #levels: readonly number[];
  readonly #levelResetMs: number;
  readonly #maxEntries: number;
  readonly #exempt: Set<string>;
  readonly #addresses = new Map<string, AddressEntry>();
  readonly #pairs = new Map<string, PairEntry>();
  readonly #bans = new Map<string, BanEntry>();

  constructor(options: AuthGuardOptions) {
    this.#now = options.now;
    this.#sources = options.sources ?? { kind: () => 'stranger' };
    this.#log = options.securityLog;
    this.#pairMax = options.pairMaxFailures ?? 5;
    this.#pairLevels = [
      options.pairBlockMs ?? 10 * MINUTE,
      ...(options.pairRepeatLevelsMs ?? [HOUR, 4 * HOUR, 24 * HOUR]),
    ];
    this.#addressMax = options.addressMaxFailures ?? 20;
    this.#sprayUsernames = options.sprayUsernames ?? 10;
    this.#windowMs = options.windowMs ?? 10 * MINUTE;
    this.#levels = options.banLevelsMs?.length ? options.banLevelsMs : [HOUR, 4 * HOUR, 24 * HOUR];
    this.#levelResetMs = options.levelResetMs ?? 24 * HOUR;
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10_000);
    this.#exempt = new Set(options.exempt ?? []);
  }

  /** Banned now: its requests are dropped without an answer, before any other work. */
  isBanned(address: string): boolean {
    const ban = this.#bans.get(address);
    return ban !== undefined && ban.active && ban.until > this.#now();
  }

  /** Seconds this user from this address stays refused (0 when not refused), for Retry-After. */
  pairRefusedSeconds(address: string, user: string): number {
    const pair = this.#pairs.get(pairKey(address, kept(user)));
    const left = pair === undefined ? 0 : pair.refusedUntil - this.#now();
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  /** A counted digest failure (`isCountedDigestFailure`) for `user` from `address`. */
  recordFailure(address: string, username: string, method: string): void {
    if (this.#exempt.has(address)) return;
    const user = kept(username);
    const now = this.#now();
    this.#log?.record({ type: 'auth_failure', source: address, user, method });

    const key = pairKey(address, user);
    const pair = this.#pairs.get(key) ?? { failures: [], refusedUntil: 0, level: 0 };
    // A guess at a refused pair (the switch still checks it, and answers 403 whatever it was)
    // does not lengthen the refusal, but it does count for the address below.
    if (pair.refusedUntil <= now) {
      pair.failures = pair.failures.filter((at) => now - at < this.#windowMs);
      pair.failures.push(now);
      if (pair.failures.length >= this.#pairMax) {
        pair.level = pair.level > 0 && now - pair.refusedUntil < this.#levelResetMs ? pair.level + 1 : 1;
        const blockMs = this.#pairLevels[Math.min(pair.level, this.#pairLevels.length) - 1]!;
        pair.refusedUntil = now + blockMs;
        pair.failures = [];
        const seconds = Math.round(blockMs / 1000);
        this.#log?.record({ type: 'auth_pair_blocked', source: address, user, seconds, level: pair.level });
      }
    }
    touch(this.#pairs, key, pair, this.#maxEntries);

    const kind = this.#sources.kind(address);
    if (kind === 'trunk') return;
    const entry = this.#addresses.get(address) ?? { failures: [] };
    entry.failures = entry.failures.filter((f) => now - f.at < this.#windowMs);
    entry.failures.push({ at: now, user });
    if (entry.failures.length > FAILURES_KEPT) entry.failures.splice(0, entry.failures.length - FAILURES_KEPT);
    touch(this.#addresses, address, entry, this.#maxEntries);
    const usernames = new Set(entry.failures.map((f) => f.user)).size;
    const spraying = usernames >= this.#sprayUsernames;
    // A registered device's address shares its NAT address with colleagues: their typos must not
    // lock the office out, so only spraying bans it.
    const tooMany = kind === 'stranger' && entry.failures.length >= this.#addressMax;
    if ((spraying || tooMany) && !this.isBanned(address)) this.#ban(address, now);
  }

  /** A digest for `user` from `address` was right: only that pair's count is forgotten. */
  recordSuccess(address: string, user: string): void {
    const key = pairKey(address, kept(user));
    const pair = this.#pairs.get(key);
    if (pair !== undefined && pair.refusedUntil <= this.#now()) this.#pairs.delete(key);
  }

  /**
   * The operator lifts a ban; false when the address is not banned. The operator judged the ban
   * wrong (or its cause fixed), so its level is forgotten too: a later ban starts at level 1.
   */
  lift(address: string): boolean {
    if (!this.isBanned(address)) return false;
    this.#bans.delete(address);
    this.#addresses.delete(address);
    this.#log?.record({ type: 'unban', source: address, by: 'operator' });
    return true;
  }

  /** Ends bans that ran out (event `unban` by expiry) and forgets counts that left the window. */
  sweep(now: number = this.#now()): void {
    for (const [address, ban] of this.#bans) {
      if (ban.active && ban.until <= now) {
        ban.active = false;
        this.#log?.record({ type: 'unban', source: address, by: 'expiry' });
      }
      if (!ban.active && now - ban.until >= this.#levelResetMs) this.#bans.delete(address);
    }
    for (const [address, entry] of this.#addresses) {
      entry.failures = entry.failures.filter((f) => now - f.at < this.#windowMs);
      if (entry.failures.length === 0) this.#addresses.delete(address);
    }
    for (const [key, pair] of this.#pairs) {
      pair.failures = pair.failures.filter((at) => now - at < this.#windowMs);
      // A pair once refused is kept for a day after, so that a repeat is the next level.
      const remembered = pair.level > 0 && now - pair.refusedUntil < this.#levelResetMs;
      if (pair.failures.length === 0 && pair.refusedUntil <= now && !remembered) this.#pairs.delete(key);
    }
  }

  /** Bans in force and the counters in the window, for the operator (nothing secret in it). */
  view(): AuthGuardView {
    const now = this.#now();
    const bans: AuthBan[] = [];
    for (const [address, ban] of this.#bans) {
      if (!ban.active || ban.until <= now) continue;
      bans.push({ address, reason: 'auth_failures', level: ban.level, until: ban.until });
    }
    const addresses: AddressFailureCount[] = [];
    for (const [address, entry] of this.#addresses) {
      const recent = entry.failures.filter((f) => now - f.at < this.#windowMs);
      if (recent.length === 0) continue;
      addresses.push({ address, failures: recent.length, usernames: new Set(recent.map((f) => f.user)).size });
    }
    const pairs: PairFailureCount[] = [];
    for (const [key, pair] of this.#pairs) {
      const recent = pair.failures.filter((at) => now - at < this.#windowMs).length;
      const refused = pair.refusedUntil > now;
      if (recent === 0 && !refused) continue;
      const { address, user } = splitPairKey(key);
      pairs.push({ address, user, failures: recent, refusedUntil: refused ? pair.refusedUntil : null });
    }
    return { bans, addresses, pairs };
  }

  /** Entries remembered across the tables (for leak checks). */
  get size(): number {
    return this.#addresses.size + this.#pairs.size + this.#bans.size;
  }

  #ban(address: string, now: number): void {
    const previous = this.#bans.get(address);
    const escalates = previous !== undefined && now - previous.until < this.#levelResetMs;
    const level = escalates ? Math.min(previous.level + 1, this.#levels.length) : 1;
    const ms = this.#levels[level - 1]!;
    touch(this.#bans, address, { level, until: now + ms, active: true }, this.#maxEntries);
    // The failures that led here are spent: after the ban, counting starts again.
    this.#addresses.delete(address);
    this.#log?.record({ type: 'ban', source: address, reason: 'auth_failures', seconds: Math.round(ms / 1000), level });
  }
}

function kept(username: string): string {
  return username.length > USERNAME_KEPT ? username.slice(0, USERNAME_KEPT) : username;
}

/** A username cannot hold a NUL (it would not survive the Authorization header), so it separates. */
function pairKey(address: string, user: string): string {
  return `${address}\u0000${user}`;
}

function splitPairKey(key: string): { address: string; user: string } {
  const at = key.indexOf('\u0000');
  return { address: key.slice(0, at), user: key.slice(at + 1) };
}

/** Sets `key` as the most recent entry; past `max` entries the least recently touched goes. */
function touch<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value!);
}
