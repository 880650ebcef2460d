/**
 * A callback keeping the caller's place in a group's queue (R14), as an explicit state machine
 * (switch.md: "each queue entry is an explicit state machine"):
 *
 * - `waiting`       in the queue at the caller's first place; the dispatcher may offer it.
 * - `callingAgent`  the agents the strategy picked ring ("Återuppringning: +4670…").
 * - `callingCaller` an agent answered; the switch calls the party back through the trunk.
 * - `retryWaiting`  the party did not answer; not offered before `retryIntervalSeconds` pass.
 * - `done`          talked, or given up after `retries` more attempts, or the switch stopped.
 *
 * Moves: waiting → callingAgent (an offer) → waiting (nobody answered, or the agent hung up
 * before the party answered: that was no attempt) | callingCaller → done (talked: the entry
 * leaves the queue as answered) | retryWaiting (not reached, retries left) → waiting (the
 * interval passed) | done (not reached, none left: the journey ends `missed`). Any → done when
 * the switch stops. The entry stays in the queue from request to done, so callers behind it keep
 * waiting behind it and the live view shows its state.
 */
import type { CallOutcome, EndReason, QueueCallbackSettings, QueuedCallbackLive } from '@vaxel/domain';
import type { Clock, TimerHandle } from '../../kernel/clock.ts';
import type { SwitchLogger } from '../../kernel/logger.ts';
import type { Connection } from '../../legs/answerLeg.ts';
import type { AgentToRing } from '../agentLegs.ts';
import type { AttemptEnd } from './callbackAttempt.ts';
import type { CallbackJourney } from './callbackJourney.ts';

export type CallbackState = QueuedCallbackLive['state'] | 'done';

const moves: Record<CallbackState, readonly CallbackState[]> = {
  waiting: ['callingAgent', 'done'],
  callingAgent: ['waiting', 'callingCaller', 'done'],
  callingCaller: ['waiting', 'retryWaiting', 'done'],
  retryWaiting: ['waiting', 'done'],
  done: [],
};

export class IllegalCallbackMove extends Error {
  constructor(
    readonly from: CallbackState,
    readonly to: CallbackState,
  ) {
    super(`A callback cannot go from ${from} to ${to}`);
    this.name = 'IllegalCallbackMove';
  }
}

/** One attempt as the entry drives it (callbackAttempt.ts). */
export interface Attempt {
  callParty(connection: Connection, partyAnswered: () => void): Promise<AttemptEnd>;
  close(): Promise<void>;
}

export interface CallbackEntryPorts<A extends Attempt = Attempt> {
  clock: Clock;
  logger: SwitchLogger;
  /** A new attempt (its media and trunk), or null when none can be placed now (no trunk, no RTP ports). */
  openAttempt(): Promise<A | null>;
  /** Rings `agents` for the attempt: queue/offerToAgents.ts with the attempt as the call. */
  offer(
    attempt: A,
    agents: readonly AgentToRing[],
    ringMs: number,
  ): Promise<{ kind: 'connected'; userId: string; connection: Connection } | { kind: 'unanswered' }>;
  /** The state changed: the live view and the dispatcher look again. */
  changed(): void;
  /** The entry is done: out of the queue. */
  leave(): void;
}

export type CallbackOffer = { kind: 'answered'; userId: string } | { kind: 'unanswered' };

export class CallbackEntry<A extends Attempt = Attempt> {
  readonly journey: CallbackJourney;
  readonly #settings: QueueCallbackSettings;
  readonly #ports: CallbackEntryPorts<A>;
  #state: CallbackState = 'waiting';
  #notBefore = 0;
  #retry: TimerHandle | undefined;
  #talking: Promise<void> | null = null;
  #offering: Promise<void> = Promise.resolve();
  #stopping = false;

  constructor(journey: CallbackJourney, settings: QueueCallbackSettings, ports: CallbackEntryPorts<A>) {
    this.journey = journey;
    this.#settings = settings;
    this.#ports = ports;
  }

  get state(): CallbackState {
    return this.#state;
  }

  /** Attempts that rang the party so far. */
  get attempts(): number {
    return this.journey.attempts;
  }

  /** The dispatcher offers the entry from this time on (ms since the epoch; 0: now). */
  get notBefore(): number {
    return this.#notBefore;
  }

  /** Resolves when a connected attempt's call has ended (for the switch's stop and the tests). */
  get talking(): Promise<void> | null {
    return this.#talking;
  }

  /** The dispatcher's offer to the agents it picked; resolves `answered` once the party is bridged. */
  offer(agents: readonly AgentToRing[], ringMs: number): Promise<CallbackOffer> {
    if (this.#stopping || this.#state !== 'waiting' || this.#ports.clock.now() < this.#notBefore)
      return Promise.resolve({ kind: 'unanswered' });
    const offering = this.#offer(agents, ringMs);
    this.#offering = offering.then(
      () => {},
      () => {},
    );
    return offering;
  }

  async #offer(agents: readonly AgentToRing[], ringMs: number): Promise<CallbackOffer> {
    this.#move('callingAgent');
    const attempt = await this.#ports.openAttempt();
    if (!attempt) {
      // Nothing to call the party through: it waits its turn again (the dispatcher rests it a ring time).
      this.#ports.logger.warn('callback: no attempt could be placed now', {
        callId: this.journey.facts.requestedByCallId,
      });
      this.#move('waiting');
      return { kind: 'unanswered' };
    }
    let offered;
    try {
      offered = await this.#ports.offer(attempt, agents, ringMs);
    } catch (error) {
      await attempt.close();
      throw error;
    }
    if (offered.kind !== 'connected' || this.#isDone()) {
      // Stopped while agents rang: an agent who answered in that moment is hung up.
      if (offered.kind === 'connected') {
        void offered.connection.callee.bye('the callback ended');
        offered.connection.release?.();
      }
      await attempt.close();
      if (!this.#isDone()) this.#move('waiting');
      return { kind: 'unanswered' };
    }
    this.#move('callingCaller');
    let answered: () => void = () => {};
    const partyAnswered = new Promise<true>((resolve) => (answered = () => resolve(true)));
    const ended = attempt.callParty(offered.connection, answered).finally(() => attempt.close());
    const first = await Promise.race([partyAnswered, ended]);
    if (first === true) {
      this.#talking = ended.then((end) =>
        end.kind === 'talked'
          ? this.#finish('answered', end.reason ?? 'failed', end.at)
          : this.#finish(end.kind === 'shutdown' ? 'failed' : 'answered', 'switch_shutdown'),
      );
      return { kind: 'answered', userId: offered.userId };
    }
    this.#afterAttempt(first);
    return { kind: 'unanswered' };
  }

  /**
   * The switch stops (its attempt's media and legs end with it): a callback not done ends as
   * failed — its caller is not called back by this switch — once an offer under way has ended.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#offering;
    await this.#talking;
    if (!this.#isDone()) await this.#finish('failed', 'switch_shutdown');
  }

  #afterAttempt(end: AttemptEnd): void {
    switch (end.kind) {
      case 'talked':
        void this.#finish('answered', end.reason ?? 'failed', end.at);
        return;
      case 'shutdown':
        void this.#finish('failed', 'switch_shutdown');
        return;
      case 'refused':
        void this.#finish('failed', 'refused');
        return;
      case 'agentLeft':
        this.#move('waiting');
        return;
      case 'notReached':
        if (this.journey.attempts > this.#settings.retries) {
          this.#ports.logger.info('callback: given up after the last retry', {
            callId: this.journey.facts.requestedByCallId,
            attempts: this.journey.attempts,
          });
          void this.#finish('missed', 'no_answer');
          return;
        }
        this.#notBefore = this.#ports.clock.now() + this.#settings.retryIntervalSeconds * 1000;
        this.#move('retryWaiting');
        this.#retry = this.#ports.clock.setTimeout(() => {
          this.#retry = undefined;
          if (this.#state === 'retryWaiting') this.#move('waiting');
        }, this.#settings.retryIntervalSeconds * 1000);
    }
  }

  async #finish(outcome: CallOutcome, reason: EndReason, at?: Date): Promise<void> {
    if (this.#retry) this.#ports.clock.clearTimeout(this.#retry);
    this.#retry = undefined;
    if (this.#state !== 'done') {
      this.#move('done');
      this.#ports.leave();
    }
    await this.journey.ended(outcome, reason, at);
  }

  /** Read afresh: the state moves while an offer awaits (the switch stopping). */
  #isDone(): boolean {
    return this.#state === 'done';
  }

  #move(to: CallbackState): void {
    if (!moves[this.#state].includes(to)) throw new IllegalCallbackMove(this.#state, to);
    this.#state = to;
    this.#ports.changed();
  }
}
