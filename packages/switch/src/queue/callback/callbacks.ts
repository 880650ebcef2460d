/**
 * The callbacks of one switch (R14): each confirmed request becomes a {@link CallbackEntry} in
 * its group's queue at the caller's first place, offered by the queue's dispatcher like any
 * entry, and each offer an {@link CallbackAttempt} — a call the switch places, with its own media
 * and the journey's call-log record. The queue and the way agents are offered a call are the
 * queue engine's (queue/queues.ts, queue/offerToAgents.ts), passed in as the narrow ports below.
 * `stop()` ends every callback with the switch (a callback waiting is logged `failed`: the queue
 * lives in this process only).
 */
import type { Language, QueuedCallbackLive, ResponseGroup } from '@vaxel/domain';
import type { CallRepository, UserRecord } from '@vaxel/store';
import type { FlowServices } from '../../flow/step.ts';
import type { Connection } from '../../legs/answerLeg.ts';
import type { CallMedia } from '../../media/callMedia.ts';
import { selectTrunk } from '../../routing/selectTrunk.ts';
import type { AgentToRing } from '../agentLegs.ts';
import { CallbackAttempt } from './callbackAttempt.ts';
import { CallbackEntry } from './callbackEntry.ts';
import { CallbackJourney } from './callbackJourney.ts';
import type { SwitchObserver } from '../../kernel/switchObserver.ts';

/** A callback as the group's queue holds it: no caller leg, only a way to be offered. */
export interface CallbackQueueEntry {
  readonly callId: string;
  readonly kind: 'callback';
  readonly excludedUserIds: ReadonlySet<string>;
  describe(): { kind: 'callback'; number: string; attempts: number; state: QueuedCallbackLive['state'] };
  offer(
    agents: readonly AgentToRing[],
    ringMs: number,
  ): Promise<{ kind: 'answered'; userId: string } | { kind: 'unanswered' }>;
  /** Not offered before this time (ms since the epoch): a callback waiting to retry. */
  notBefore(): number;
}

/** What callbacks need of the queues. */
export interface CallbackQueues {
  /** Queues `entry` at `queuedAt` (the caller's first place). */
  join(organisationId: string, group: ResponseGroup, entry: CallbackQueueEntry, queuedAt: number): { leave(): void };
  /** An entry's state changed: the live view and the dispatcher look again. */
  changed(organisationId: string, responseGroupId: string): void;
}

/** The queue's one way of offering a call to agents (queue/offerToAgents.ts). */
export type OfferToAgents = (
  call: CallbackAttempt,
  group: ResponseGroup,
  agents: readonly AgentToRing[],
  ringMs: number,
  abort: AbortSignal,
  offered: Set<string>,
) => Promise<{ kind: 'connected'; user: UserRecord; connection: Connection } | { kind: 'unanswered' }>;

export interface CallbackRequest {
  organisationId: string;
  language: Language;
  group: ResponseGroup;
  /** The number to call back (E.164), checked already. */
  number: string;
  /** The call that asked. */
  requestedByCallId: string;
  /** When that call first joined the group's queue (ms since the epoch): the callback's place. */
  queuedAt: number;
}

/** What steps use of the callbacks (FlowServices.callbacks). */
export interface CallbackServices {
  /** Queues a confirmed callback at the caller's place; resolves once it is queued. */
  request(request: CallbackRequest): Promise<void>;
}

export interface CallbacksOptions {
  calls: Pick<CallRepository, 'create' | 'update'>;
  openMedia(): Promise<CallMedia>;
  queues: CallbackQueues;
  offerToAgents: OfferToAgents;
  /** Issue 11: told when a callback's record ends (the operator's metrics). */
  observer?: Pick<SwitchObserver, 'callEnded'>;
}

export class Callbacks implements CallbackServices {
  readonly #options: CallbacksOptions;
  readonly #entries = new Set<CallbackEntry<CallbackAttempt>>();
  readonly #attempts = new Set<CallbackAttempt>();
  readonly #shutdown = new AbortController();
  #services: FlowServices | null = null;

  constructor(options: CallbacksOptions) {
    this.#options = options;
  }

  /** The switch's services, once it has made them (they include these callbacks). */
  use(services: FlowServices): void {
    this.#services = services;
  }

  /** Attempts under way: calls the switch placed that hold media (the switch's `stats().calls`). */
  get calls(): number {
    return this.#attempts.size;
  }

  /** Callbacks not done yet. */
  get pending(): number {
    return this.#entries.size;
  }

  async request(request: CallbackRequest): Promise<void> {
    const services = this.#services;
    if (!services) throw new Error('callbacks are not wired to the switch yet');
    if (this.#shutdown.signal.aborted) throw new Error('the switch is stopping');
    const { organisationId, group } = request;
    const journey = new CallbackJourney(
      this.#options.calls,
      {
        organisationId,
        language: request.language,
        responseGroupId: group.id,
        groupNumber: group.number,
        number: request.number,
        requestedByCallId: request.requestedByCallId,
      },
      () => new Date(services.clock.now()),
      services.logger,
      this.#options.observer,
    );
    // The entry is named by its own record, so the asking call's entry can leave while this one waits.
    const callId = (await journey.writer.created()) ?? `callback-${request.requestedByCallId}`;
    const offered = new Set<string>();
    let ticket: { leave(): void } | null = null;
    const entry: CallbackEntry<CallbackAttempt> = new CallbackEntry(journey, group.settings.queue.callback, {
      clock: services.clock,
      logger: services.logger,
      openAttempt: () => this.#openAttempt(journey, services),
      offer: async (attempt, agents, ringMs) => {
        const current = (await services.directory.responseGroup(organisationId, group.id)) ?? group;
        const end = await this.#options.offerToAgents(attempt, current, agents, ringMs, attempt.abort, offered);
        if (end.kind !== 'connected') return { kind: 'unanswered' };
        attempt.log.path({ type: 'user', id: end.user.id, name: end.user.name });
        return { kind: 'connected', userId: end.user.id, connection: end.connection };
      },
      changed: () => this.#options.queues.changed(organisationId, group.id),
      leave: () => {
        ticket?.leave();
        this.#entries.delete(entry);
      },
    });
    this.#entries.add(entry);
    ticket = this.#options.queues.join(
      organisationId,
      group,
      {
        callId,
        kind: 'callback',
        excludedUserIds: new Set(),
        describe: () => ({
          kind: 'callback',
          number: request.number,
          attempts: entry.attempts,
          state: entry.state === 'done' ? 'waiting' : entry.state,
        }),
        offer: (agents, ringMs) => entry.offer(agents, ringMs),
        notBefore: () => entry.notBefore,
      },
      request.queuedAt,
    );
    services.logger.info('callback requested', {
      organisationId,
      responseGroupId: group.id,
      callId: request.requestedByCallId,
    });
  }

  /** The switch stops: attempts end (BYE), waiting callbacks are logged failed. Safe twice. */
  async stop(): Promise<void> {
    this.#shutdown.abort('shutdown');
    await Promise.all([...this.#entries].map((entry) => entry.stop()));
  }

  async #openAttempt(journey: CallbackJourney, services: FlowServices): Promise<CallbackAttempt | null> {
    if (this.#shutdown.signal.aborted) return null;
    const trunk = selectTrunk(await services.directory.trunks(), journey.facts.organisationId);
    if (!trunk) {
      services.logger.warn('callback: the organisation has no trunk to call back through', {
        organisationId: journey.facts.organisationId,
      });
      return null;
    }
    let media: CallMedia;
    try {
      media = await this.#options.openMedia();
    } catch (error) {
      services.logger.error('callback: no RTP ports for a callback', { error: String(error) });
      return null;
    }
    // The switch counts the attempt as a call until its media is freed.
    const attempt: CallbackAttempt = new CallbackAttempt(journey, trunk, media, services, this.#shutdown.signal, () =>
      this.#attempts.delete(attempt),
    );
    this.#attempts.add(attempt);
    return attempt;
  }
}
