import {
  countriesOfNumber,
  outboundVerdict,
  type OutboundBlock,
  type OutboundRefusal,
  type OutboundRules,
} from '@vaxel/domain';
import type { OutboundBlockRepository } from '@vaxel/store';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { OutboundBlockNotifier } from './outboundBlockNotifier.ts';
import type { SipSecurityLog } from './securityEvent.ts';
import { TollMeter, type TollLimitExceeded } from './tollMeter.ts';

/** A call the switch is about to place through a trunk, as the gate judges it. */
export interface TollRequest {
  organisationId: string;
  /** The organisation's country (what is national). */
  country: string;
  rules: OutboundRules;
  /** E.164, or an emergency short code as dialled. */
  number: string;
  /** The user whose call (or whose forward) it is, if any, for the security event. */
  user: string | null;
  /** The address the caller's INVITE came from; null for calls the switch places itself. */
  source: string | null;
}

export type TollRefusal = OutboundRefusal | 'international_blocked' | TollLimitExceeded;

/** An admitted leg: the gate counts it until `ended()`, and its talk time from `answered()`. Both idempotent. */
export interface TollLeg {
  answered(): void;
  ended(): void;
}

export type TollAdmission =
  { allowed: true; emergency: boolean; leg: TollLeg } | { allowed: false; reason: TollRefusal; message: string };

export interface TollGuardOptions {
  blocks: Pick<OutboundBlockRepository, 'get' | 'set'>;
  securityLog: SipSecurityLog;
  notifier: OutboundBlockNotifier | null;
  now: () => number;
  logger: SwitchLogger;
}

/** The leg of an emergency call (R92): never counted, never refused. */
export const uncountedTollLeg: TollLeg = { answered() {}, ended() {} };

/**
 * The one gate every call the switch places through a trunk passes (issue 10 "Toll fraud"), in
 * this order: the organisation's per-number rules (R91) → its international block → concurrent
 * outbound calls → outbound minutes in the last hour. A refusal is a `toll_refused` security
 * event; the caller gets 403 (legs/trunkLeg.ts). Emergency numbers (R92) always pass and are not
 * counted: a limit must never stand between a caller and 112.
 *
 * A spike of international calls (`limits.internationalSpike`) blocks the organisation's
 * international calls until an admin lifts it: the block is held in memory at once (so the next
 * call is refused even while the store is written) and written to the store (so a restart keeps
 * it), a `toll_block` event is written and the admins are told through the notifier. Once the
 * store has it, the store alone says whether calls are blocked, so a lift by the API is obeyed
 * even when no `lifted` call reaches this switch; a block the store could not take is held in
 * memory until lifted.
 */
export class TollGuard {
  readonly #options: TollGuardOptions;
  readonly #meter = new TollMeter();
  /** Blocks this switch set that the store does not have yet (or could not take). */
  readonly #pending = new Map<string, OutboundBlock>();

  constructor(options: TollGuardOptions) {
    this.#options = options;
  }

  async admit(request: TollRequest): Promise<TollAdmission> {
    const verdict = outboundVerdict(request.number, request.rules, request.country);
    if (verdict.allowed && verdict.emergency) return { allowed: true, emergency: true, leg: uncountedTollLeg };
    if (!verdict.allowed) return this.#refuse(request, verdict.reason, verdict.message);

    const international = !countriesOfNumber(request.number).countries.includes(request.country);
    if (international && (await this.#blocked(request.organisationId))) {
      return this.#refuse(
        request,
        'international_blocked',
        `international calls of this organisation are blocked after a spike of them, until an admin lifts the block`,
      );
    }
    // From here to `start` nothing awaits, so two calls at once cannot both take the last place.
    const { limits } = request.rules;
    const now = this.#options.now();
    const exceeded = this.#meter.exceeded(request.organisationId, limits, now);
    if (exceeded === 'concurrent_calls') {
      return this.#refuse(
        request,
        exceeded,
        `this organisation already has ${limits.concurrentCalls} outbound calls in progress, its limit`,
      );
    }
    if (exceeded === 'minutes_per_hour') {
      return this.#refuse(
        request,
        exceeded,
        `this organisation has used its ${limits.minutesPerHour} outbound minutes of the last hour`,
      );
    }
    const { legId, spike } = this.#meter.start(request.organisationId, international, limits.internationalSpike, now);
    if (spike) this.#block(request, now);
    const meter = this.#meter;
    const clock = this.#options.now;
    return {
      allowed: true,
      emergency: false,
      leg: { answered: () => meter.answered(legId, clock()), ended: () => meter.ended(legId, clock()) },
    };
  }

  /** An admin lifted the organisation's block (the store row is gone already): forget it and its spike. */
  lifted(organisationId: string, by: string): void {
    this.#pending.delete(organisationId);
    this.#meter.forgetInternational(organisationId);
    this.#options.securityLog.record({ type: 'toll_unblock', source: '-', organisationId, by });
  }

  async #blocked(organisationId: string): Promise<boolean> {
    if (this.#pending.has(organisationId)) return true;
    try {
      const stored = await this.#options.blocks.get(organisationId);
      // Not cached: a lift by the API (another process) must reach this switch even unannounced.
      return stored !== null;
    } catch (error) {
      // Fail closed: a fraudster's calls cost more than an international call that waits.
      this.#options.logger.error(
        'could not read the organisation’s outbound block; international calls are refused meanwhile',
        { organisationId, error: String(error) },
      );
      return true;
    }
  }

  #block(request: TollRequest, now: number): void {
    const { calls, seconds } = request.rules.limits.internationalSpike;
    const block: OutboundBlock = {
      organisationId: request.organisationId,
      scope: 'international',
      reason: 'international_spike',
      since: new Date(now).toISOString(),
      calls,
      seconds,
    };
    this.#pending.set(request.organisationId, block);
    this.#options.securityLog.record({
      type: 'toll_block',
      source: request.source ?? '-',
      organisationId: request.organisationId,
      reason: block.reason,
    });
    const { logger, notifier } = this.#options;
    void this.#options.blocks
      .set(block)
      .then(() => {
        if (this.#pending.get(block.organisationId) === block) this.#pending.delete(block.organisationId);
      })
      .catch((error: unknown) =>
        logger.error('could not store the outbound block (it holds on this switch until lifted)', {
          organisationId: block.organisationId,
          error: String(error),
        }),
      );
    void notifier?.blocked(block).catch((error: unknown) =>
      logger.error('could not tell the admins of the outbound block', {
        organisationId: block.organisationId,
        error: String(error),
      }),
    );
  }

  #refuse(request: TollRequest, reason: TollRefusal, message: string): TollAdmission {
    this.#options.securityLog.record({
      type: 'toll_refused',
      source: request.source ?? '-',
      organisationId: request.organisationId,
      user: request.user,
      number: request.number,
      reason,
    });
    return { allowed: false, reason, message };
  }
}
