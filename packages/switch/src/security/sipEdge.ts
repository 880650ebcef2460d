/**
 * The SIP edge's guards in one place (issues 10 and 11), in the order a message meets them:
 *
 * 1. `admit`, before a datagram or TCP message is parsed: an address banned for failed
 *    authentication, then the flood guard (per-source windows, the total cap).
 * 2. `screen`, for a parsed request that no transaction has yet: an initial INVITE without
 *    credentials from a stranger or a phone gets the stateless 407 (statelessChallenge.ts) — or,
 *    while the overload guard sheds load, maybe a stateless 503 at once; an initial INVITE about
 *    to get a transaction is asked of the overload guard and may get a stateless 503 with
 *    Retry-After (overloadGuard.ts). Everything else — in-dialog requests,
 *    re-INVITEs, REGISTER, CANCEL, BYE — goes on: calls in progress and registrations carry on
 *    through an overload.
 * 3. `maxServerTransactions`, the transaction layer's per-source bound (a stateless 503).
 *
 * Which addresses are trunks' and registered phones' (KnownSources) is kept here; the registrar
 * and the trunk reader tell it.
 */
import { createResponse, getTo, randomToken, type MessageSource, type Screening, type SipRequest } from '@vaxel/sip';
import type { SipBans } from '@vaxel/domain';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { SwitchObserver } from '../kernel/switchObserver.ts';
import { AuthGuard, type AuthGuardOptions } from '../registrar/authGuard.ts';
import { FloodGuard, type FloodOptions, type FloodStats } from './floodGuard.ts';
import { KnownSources } from './knownSources.ts';
import {
  OverloadGuard,
  type LoadSample,
  type OverloadDecision,
  type OverloadOptions,
  type OverloadStats,
} from './overloadGuard.ts';
import type { SipSecurityLog } from './securityEvent.ts';
import { statelessChallenge, type ChallengeIssuer } from './statelessChallenge.ts';

export interface SipEdgeOptions {
  /** The switch's clock (bans, windows, bindings' expiry). */
  now: () => number;
  /** A monotonic real clock for the overload guard (default performance.now): load is real time. */
  monotonicNow?: () => number;
  securityLog: SipSecurityLog;
  logger: SwitchLogger;
  challenges: ChallengeIssuer;
  /** Calls up now, for the overload guard's `maxCalls`. */
  callsInProgress: () => number;
  authGuard?: Omit<AuthGuardOptions, 'now' | 'sources' | 'securityLog'>;
  flood?: FloodOptions;
  overload?: OverloadOptions;
  /** The overload guard's random source (default Math.random). */
  random?: () => number;
  observer?: Pick<SwitchObserver, 'overloadRefused'>;
}

export interface SipEdgeStats {
  flood: FloodStats;
  overload: OverloadStats;
}

export class SipEdge {
  readonly sources: KnownSources;
  readonly authGuard: AuthGuard;
  readonly #flood: FloodGuard;
  readonly #overload: OverloadGuard;
  readonly #options: SipEdgeOptions;

  constructor(options: SipEdgeOptions) {
    this.#options = options;
    this.sources = new KnownSources(options.now);
    this.authGuard = new AuthGuard({
      ...options.authGuard,
      now: options.now,
      sources: this.sources,
      securityLog: options.securityLog,
    });
    const sources = this.sources;
    this.#flood = new FloodGuard({
      now: options.now,
      kind: (address) => sources.kind(address),
      securityLog: options.securityLog,
      ...(options.flood ? { limits: options.flood } : {}),
    });
    const logger = options.logger;
    this.#overload = new OverloadGuard({
      now: options.monotonicNow ?? (() => performance.now()),
      ...(options.random ? { random: options.random } : {}),
      ...(options.overload ? { limits: options.overload } : {}),
      report: (event) => {
        if (event.type === 'overload_started') {
          logger.warn('overload: refusing new calls with 503', {
            reason: event.reason,
            admittedShare: Number(event.admittedShare.toFixed(2)),
            eventLoopDelayMs: Math.round(event.load.eventLoopDelayMs),
            transactions: event.load.transactions,
            sipQueueDelayMs: Math.round(event.load.sipQueueDelayMs),
          });
        } else {
          logger.info('overload ended', { refused: event.refused, seconds: event.seconds });
        }
      },
    });
  }

  /** Whether a message from `source` is read at all (before it is parsed). */
  readonly admit = (source: MessageSource, response: boolean): boolean =>
    !this.authGuard.isBanned(source.address) && this.#flood.admit(source.address, response);

  /** A new request answered statelessly (the 407, an overload's 503), or left to a transaction. */
  readonly screen = (request: SipRequest, source: MessageSource): Screening => {
    if (request.method !== 'INVITE' || !isInitial(request)) return undefined;
    const isTrunk = this.sources.kind(source.address) === 'trunk';
    if (!isTrunk && !request.headers.has('Proxy-Authorization')) {
      // While shedding, a call attempt is refused before it is challenged: half the messages.
      const attempt = this.#overload.admitAttempt();
      if (!attempt.admitted) return this.#refused(request, attempt);
      const challenge = statelessChallenge(request, { address: source.address, isTrunk }, this.#options.challenges);
      if (challenge) return { stateless: challenge };
    }
    const decision = this.#overload.admit(this.#options.callsInProgress());
    return decision.admitted ? undefined : this.#refused(request, decision);
  };

  #refused(request: SipRequest, decision: Exclude<OverloadDecision, { admitted: true }>): Screening {
    this.#options.observer?.overloadRefused?.(decision.reason);
    return {
      stateless: createResponse(request, 503, {
        toTag: randomToken(),
        headers: [['Retry-After', String(decision.retryAfterSeconds)]],
      }),
    };
  }

  readonly maxServerTransactions = (source: MessageSource): number => this.#flood.maxServerTransactions(source.address);

  /** A load sample of the switch's thread (kernel/loadSampler.ts). */
  sampleLoad(load: LoadSample): void {
    this.#overload.sample(load);
  }

  sweep(now: number): void {
    this.authGuard.sweep(now);
  }

  stats(): SipEdgeStats {
    return { flood: this.#flood.stats(), overload: this.#overload.stats() };
  }

  /** Issue 10: both guards' bans and counters for the operator, and lifting a ban (the domain's port). */
  get bans(): SipBans {
    const guard = this.authGuard;
    const flood = this.#flood;
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      list: () => {
        const view = guard.view();
        const floodBans = flood.bans().map((ban) => ({ ...ban, reason: 'flood' as const }));
        return {
          bans: [...view.bans, ...floodBans].map((ban) => ({ ...ban, until: iso(ban.until) })),
          addresses: view.addresses,
          pairs: view.pairs.map((pair) => ({
            ...pair,
            refusedUntil: pair.refusedUntil === null ? null : iso(pair.refusedUntil),
          })),
        };
      },
      // Either guard's ban (or both) is lifted; false when neither had one.
      lift: (address) => [guard.lift(address), flood.lift(address)].some(Boolean),
    };
  }
}

/** An INVITE that starts a dialog (no To tag); one with a broken To is left to the transaction layer's checks. */
function isInitial(request: SipRequest): boolean {
  try {
    return !getTo(request).params.has('tag');
  } catch {
    return false;
  }
}
