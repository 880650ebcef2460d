import { localTime, startOfLocalDay, type ResponseGroup } from '@vaxel/domain';
import type { CallRepository } from '@vaxel/store';
import type { SwitchDirectory } from '../directory/switchDirectory.ts';
import type { Clock, TimerHandle } from '../kernel/clock.ts';
import type { SwitchLogger } from '../kernel/logger.ts';
import type { AgentToRing } from './agentLegs.ts';
import type { AgentStates } from './agentStates.ts';
import { GroupQueue, type OfferOutcome, type QueueEntry, type QueueSlot } from './groupQueue.ts';
import { QueueLive } from './liveState.ts';
import { placeToRing } from './placeToRing.ts';
import { strategies as defaultStrategies } from './strategies/index.ts';
import type { Strategies, StrategyMemory } from './strategies/strategy.ts';

/** While callers wait, the group is looked at again this often (a phone that registered, a login by another process). */
export const RECHECK_MS = 5000;
/** How many of a group's last answered calls the expected wait is estimated from. */
export const HANDLING_SAMPLE = 20;

/** A place in a group's queue, as the waiting call holds it. */
export interface QueueTicket {
  /** When the call first joined this group's queue (ms since the epoch). */
  readonly queuedAt: number;
  /** 1 for the next to be answered; 0 once out of the queue. */
  position(): number;
  /** Leaves the queue (safe twice): the entry is offered to nobody any more. */
  leave(): void;
}

/** What steps use of the queues (FlowServices.queues). */
export interface QueueServices {
  readonly agents: AgentStates;
  /**
   * Queues `entry` in the group: at its first place when the call was queued here before, or at
   * `queuedAt` (a callback taking the place of the call that asked for it, R14).
   */
  join(organisationId: string, group: ResponseGroup, entry: QueueEntry, queuedAt?: number): QueueTicket;
  /** Entries waiting in the group's queue now. */
  length(organisationId: string, responseGroupId: string): number;
  /** The group's agents who could be offered a call (logged in or not skipped, with a place to ring), less `except`. */
  agentsWithPlaceToRing(
    organisationId: string,
    group: ResponseGroup,
    except?: ReadonlySet<string>,
  ): Promise<AgentToRing[]>;
  /** A queue call an agent answered ended after `talkSeconds`: the group's wrap-up starts, the handling time is kept. */
  callHandled(group: ResponseGroup, userId: string, talkSeconds: number): void;
  /** Talk plus wrap-up of the group's last answered calls (seconds, oldest first; empty: no data yet). */
  handlingTimes(responseGroupId: string): readonly number[];
  /** The call is over: its first places are forgotten. */
  callEnded(callId: string): void;
  /** An organisation's settings changed (the switch hears it from the API): its queues are offered afresh. */
  settingsChanged(organisationId: string): void;
}

interface GroupRun {
  readonly queue: GroupQueue;
  running: boolean;
  again: boolean;
  recheck: TimerHandle | undefined;
  /** The one timer for the earliest moment an entry may be offered again (a round's rest, a callback's retry). */
  wake: { at: number; timer: TimerHandle } | undefined;
}

export interface QueuesOptions {
  directory: Pick<SwitchDirectory, 'responseGroup' | 'organisation' | 'user' | 'devices' | 'trunks' | 'outboundRules'>;
  agents: AgentStates;
  clock: Clock;
  logger: SwitchLogger;
  /** The call log, to seed each group's answered-today counts (fewest calls) once a day; without it they start at zero. */
  calls?: Pick<CallRepository, 'answeredByAgent'>;
  strategies?: Strategies;
  random?: () => number;
}

const keyOf = (organisationId: string, responseGroupId: string) => `${organisationId} ${responseGroupId}`;

/**
 * The switch's response-group queues (R14, R16): one {@link GroupQueue} per group with callers
 * waiting, and THE dispatcher. Whenever anything changes — an entry joins or leaves, an agent's
 * state changes (a call ends, a phone stops ringing, wrap-up ends), settings change, an offer ends
 * — the group's entries are walked in order and each head-of-line entry not ringing already is
 * offered to the idle agents its strategy picks. Idle: logged in (or not skipped), with a place to
 * ring (queue/placeToRing.ts), not on a call (when busy agents are skipped), not ringing anywhere
 * (an agent rung for one entry is not rung for another at once, in any group) and not in wrap-up.
 * Agents tried in a round are left out until every idle agent was tried, then a round starts
 * again (never before the last offer's ring time, so a phone that declines at once is not rung
 * in a loop). Strategy memory is kept per group across calls and settings reloads. Runs of one
 * group never overlap; a change during a run runs it once more.
 */
export class Queues implements QueueServices {
  readonly agents: AgentStates;
  readonly live: QueueLive;
  readonly #options: QueuesOptions;
  readonly #strategies: Strategies;
  readonly #random: () => number;
  readonly #groups = new Map<string, GroupRun>();
  readonly #memory = new Map<string, StrategyMemory>();
  readonly #handling = new Map<string, number[]>();
  /** group id → the local day its answered counts were seeded for. */
  readonly #seeded = new Map<string, string>();
  /** call id → group id → first queuedAt. */
  readonly #firstPlaces = new Map<string, Map<string, number>>();
  #closed = false;

  constructor(options: QueuesOptions) {
    this.#options = options;
    this.agents = options.agents;
    this.#strategies = options.strategies ?? defaultStrategies;
    this.#random = options.random ?? Math.random;
    this.live = new QueueLive({
      queue: (organisationId, responseGroupId) =>
        this.#groups.get(keyOf(organisationId, responseGroupId))?.queue ?? null,
      agents: options.agents,
      clock: options.clock,
      members: async (organisationId, responseGroupId) =>
        (await options.directory.responseGroup(organisationId, responseGroupId))?.agents.map((a) => a.userId) ?? [],
    });
    options.agents.onChange((userId) => {
      this.live.agentChanged(userId);
      for (const run of this.#groups.values()) this.#kick(run);
    });
  }

  join(organisationId: string, group: ResponseGroup, entry: QueueEntry, place?: number): QueueTicket {
    const key = keyOf(organisationId, group.id);
    let run = this.#groups.get(key);
    if (!run)
      this.#groups.set(
        key,
        (run = {
          queue: new GroupQueue(organisationId, group.id),
          running: false,
          again: false,
          recheck: undefined,
          wake: undefined,
        }),
      );
    let places = this.#firstPlaces.get(entry.callId);
    if (!places) this.#firstPlaces.set(entry.callId, (places = new Map()));
    const queuedAt = places.get(group.id) ?? place ?? this.#options.clock.now();
    places.set(group.id, queuedAt);
    run.queue.add(entry, queuedAt);
    this.live.membersOf(
      organisationId,
      group.id,
      group.agents.map((a) => a.userId),
    );
    this.live.changed(organisationId, group.id);
    this.#kick(run);
    const queue = run.queue;
    return {
      queuedAt,
      position: () => queue.position(entry.callId),
      leave: () => this.#leave(organisationId, group.id, entry.callId),
    };
  }

  length(organisationId: string, responseGroupId: string): number {
    return this.#groups.get(keyOf(organisationId, responseGroupId))?.queue.length ?? 0;
  }

  /**
   * Callers in every group's queue now, those being offered to agents included and queued
   * callbacks left out (they hold a place, not a line): the operator's queue depth (issue 11).
   * A walk over the entries waiting, with no per-organisation figure kept.
   */
  callersWaiting(): number {
    let waiting = 0;
    for (const run of this.#groups.values()) {
      for (const slot of run.queue.slots()) if (slot.entry.kind === 'caller') waiting += 1;
    }
    return waiting;
  }

  async agentsWithPlaceToRing(
    organisationId: string,
    group: ResponseGroup,
    except: ReadonlySet<string> = new Set(),
  ): Promise<AgentToRing[]> {
    const now = new Date(this.#options.clock.now());
    const { skipLoggedOutAgents } = group.settings.distribution;
    const found = await Promise.all(
      group.agents
        .filter((a) => !except.has(a.userId) && (a.loggedIn || !skipLoggedOutAgents))
        .map((a) => placeToRing(this.#options.directory, organisationId, a, now)),
    );
    return found.filter((a) => a !== null);
  }

  callHandled(group: ResponseGroup, userId: string, talkSeconds: number): void {
    const { wrapUpSeconds } = group.settings.distribution;
    const times = this.#handling.get(group.id) ?? [];
    times.push(talkSeconds + wrapUpSeconds);
    if (times.length > HANDLING_SAMPLE) times.shift();
    this.#handling.set(group.id, times);
    this.agents.wrapUp(userId, wrapUpSeconds);
  }

  handlingTimes(responseGroupId: string): readonly number[] {
    return this.#handling.get(responseGroupId) ?? [];
  }

  callEnded(callId: string): void {
    this.#firstPlaces.delete(callId);
  }

  /** Settings of the organisation changed (an agent logged in or out, a strategy changed): offer again. */
  settingsChanged(organisationId: string): void {
    for (const run of this.#groups.values()) if (run.queue.organisationId === organisationId) this.#kick(run);
    this.live.settingsChanged(organisationId);
  }

  /** The switch stops: no more offers, timers cleared. */
  close(): void {
    this.#closed = true;
    for (const run of this.#groups.values()) this.#clearTimers(run);
    this.agents.close();
  }

  #leave(organisationId: string, responseGroupId: string, callId: string): void {
    const key = keyOf(organisationId, responseGroupId);
    const run = this.#groups.get(key);
    if (!run || !run.queue.remove(callId)) return;
    if (run.queue.length === 0 && !run.running) {
      this.#clearTimers(run);
      this.#groups.delete(key);
    }
    this.live.changed(organisationId, responseGroupId);
    this.#kick(run);
  }

  #clearTimers(run: GroupRun): void {
    const { clock } = this.#options;
    if (run.recheck) clock.clearTimeout(run.recheck);
    run.recheck = undefined;
    if (run.wake) clock.clearTimeout(run.wake.timer);
    run.wake = undefined;
  }

  #kick(run: GroupRun): void {
    if (this.#closed) return;
    if (run.running) {
      run.again = true;
      return;
    }
    run.running = true;
    void this.#runGroup(run);
  }

  async #runGroup(run: GroupRun): Promise<void> {
    try {
      do {
        run.again = false;
        try {
          await this.#dispatch(run);
        } catch (error) {
          this.#options.logger.error('queue dispatch failed', {
            responseGroupId: run.queue.responseGroupId,
            error: String(error),
          });
        }
      } while (run.again && !this.#closed);
    } finally {
      run.running = false;
      const key = keyOf(run.queue.organisationId, run.queue.responseGroupId);
      if (run.queue.length === 0) {
        this.#clearTimers(run);
        if (this.#groups.get(key) === run) this.#groups.delete(key);
      } else {
        this.#scheduleRecheck(run);
      }
    }
  }

  #scheduleRecheck(run: GroupRun): void {
    if (this.#closed || run.recheck) return;
    run.recheck = this.#options.clock.setTimeout(() => {
      run.recheck = undefined;
      this.#kick(run);
    }, RECHECK_MS);
  }

  /** Runs the group again at `at`, unless it is to run earlier already (each run sets what it still waits for). */
  #wakeAt(run: GroupRun, at: number): void {
    const { clock } = this.#options;
    if (run.wake && run.wake.at <= at) return;
    if (run.wake) clock.clearTimeout(run.wake.timer);
    const timer = clock.setTimeout(
      () => {
        run.wake = undefined;
        this.#kick(run);
      },
      Math.max(0, at - clock.now()),
    );
    run.wake = { at, timer };
  }

  async #dispatch(run: GroupRun): Promise<void> {
    const { directory, clock } = this.#options;
    const { organisationId, responseGroupId } = run.queue;
    if (run.queue.length === 0) return;
    const [group, organisation] = await Promise.all([
      directory.responseGroup(organisationId, responseGroupId),
      directory.organisation(organisationId),
    ]);
    if (!group || !organisation) return;
    this.live.membersOf(
      organisationId,
      group.id,
      group.agents.map((a) => a.userId),
    );
    const positions = new Map(group.agents.map((a, i) => [a.userId, i]));
    const [candidates] = await Promise.all([
      this.agentsWithPlaceToRing(organisationId, group),
      this.#seedAnswered(organisationId, group.id, organisation.timeZone),
    ]);
    if (this.#closed) return;
    // From here on nothing awaits: the agents' states read below stay true while offers start.
    const { distribution } = group.settings;
    const strategy = this.#strategies[distribution.strategy];
    for (const slot of run.queue.slots()) {
      if (slot.offering) continue;
      // A callback waiting to retry keeps its place; the entries behind it are offered meanwhile.
      const notBefore = slot.entry.notBefore?.() ?? 0;
      if (clock.now() < notBefore) {
        this.#wakeAt(run, notBefore);
        continue;
      }
      const idle = candidates.filter(
        (c) => !slot.entry.excludedUserIds.has(c.user.id) && this.#isIdle(c.user.id, distribution.skipBusyAgents),
      );
      if (idle.length === 0) continue;
      // Ring all rings every idle agent each time; the others go down the agents one by one.
      let fresh = distribution.strategy === 'ringAll' ? idle : idle.filter((c) => !slot.tried.has(c.user.id));
      if (fresh.length === 0 || (distribution.strategy === 'ringAll' && slot.tried.size > 0)) {
        if (clock.now() < slot.restUntil) {
          this.#wakeAt(run, slot.restUntil);
          continue;
        }
        slot.tried.clear();
        fresh = idle;
      }
      const pick = strategy(
        fresh.map((c) => ({
          userId: c.user.id,
          position: positions.get(c.user.id) ?? 0,
          lastCallEndedAt: this.agents.presence.lastCallEndedAt(c.user.id),
          answeredToday: this.agents.answeredToday(group.id, c.user.id, organisation.timeZone),
        })),
        this.#memory.get(group.id) ?? { lastOfferedUserId: null },
        this.#random,
      );
      this.#memory.set(group.id, pick.memory);
      const ring = fresh.filter((c) => pick.ring.includes(c.user.id));
      if (ring.length > 0) this.#offer(run, slot, group, organisation.timeZone, ring);
    }
  }

  async #seedAnswered(organisationId: string, responseGroupId: string, timeZone: string): Promise<void> {
    const { calls, clock, logger } = this.#options;
    const now = new Date(clock.now());
    const day = localTime(now, timeZone).date;
    if (!calls || this.#seeded.get(responseGroupId) === day) return;
    this.#seeded.set(responseGroupId, day);
    try {
      this.agents.seedAnswered(
        responseGroupId,
        timeZone,
        await calls.answeredByAgent(organisationId, responseGroupId, startOfLocalDay(now, timeZone).toISOString()),
      );
    } catch (error) {
      logger.warn("could not read the agents' answered calls of today from the call log", {
        responseGroupId,
        error: String(error),
      });
    }
  }

  #isIdle(userId: string, skipBusyAgents: boolean): boolean {
    const { presence } = this.agents;
    return !presence.isRinging(userId) && !(skipBusyAgents && presence.isBusy(userId)) && !this.agents.inWrapUp(userId);
  }

  #offer(run: GroupRun, slot: QueueSlot, group: ResponseGroup, timeZone: string, ring: readonly AgentToRing[]): void {
    const { clock, logger } = this.#options;
    const { organisationId } = run.queue;
    slot.offering = true;
    const ringMs = group.settings.distribution.ringSecondsPerAgent * 1000;
    const startedAt = clock.now();
    // Marked ringing at once, so the next entry (of any group) does not get the same agent.
    const marks = ring.map((c) => this.agents.presence.ring(c.user.id));
    this.live.changed(organisationId, group.id);
    void slot.entry
      .offer(ring, ringMs)
      .catch((error: unknown): OfferOutcome => {
        logger.error('offering a queue entry failed', {
          responseGroupId: group.id,
          callId: slot.entry.callId,
          error: String(error),
        });
        return { kind: 'unanswered' };
      })
      .then((outcome) => {
        slot.offering = false;
        if (outcome.kind === 'answered') {
          this.agents.answered(group.id, outcome.userId, timeZone);
          this.#leave(organisationId, group.id, slot.entry.callId);
        } else {
          for (const c of ring) slot.tried.add(c.user.id);
          slot.restUntil = startedAt + ringMs;
        }
        // Released after the answer marked the agent on a call, so they are never idle in between.
        for (const release of marks) release();
        this.live.changed(organisationId, group.id);
        this.#kick(run);
      });
  }
}
