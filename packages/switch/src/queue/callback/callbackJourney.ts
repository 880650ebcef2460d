/**
 * The call-log record of one callback (R14, R58: "the call log shows it as one journey"): created
 * when the caller confirms the number — so its wait is how long they waited to be called back —
 * naming the call that asked for it (`callbackForCallId`) and the group. Its path starts with the
 * `callback` step (the number), and each attempt adds the agents offered (`agentOffered`), the one
 * who took it (`user`) and the number called (`externalNumber`), so the attempts read in order.
 * It ends `answered` once a bridged attempt ends, `missed` when the last retry found nobody, and
 * `failed` when the switch stopped or the number may no longer be called.
 */
import type { CallOutcome, EndReason, Language } from '@vaxel/domain';
import type { CallRepository } from '@vaxel/store';
import { CallLogWriter, type CallLogLogger } from '../../call/callLogWriter.ts';
import type { SwitchObserver } from '../../kernel/switchObserver.ts';
import type { CallLogNotes } from '../../flow/step.ts';

export interface CallbackFacts {
  organisationId: string;
  language: Language;
  responseGroupId: string;
  /** The group's own number: what the called-back party sees (E.164). */
  groupNumber: string;
  /** The number to call back (E.164). */
  number: string;
  /** The call that asked for the callback. */
  requestedByCallId: string;
}

export class CallbackJourney {
  readonly facts: CallbackFacts;
  readonly writer: CallLogWriter;
  readonly log: CallLogNotes;
  readonly #now: () => Date;
  #attempts = 0;

  constructor(
    calls: Pick<CallRepository, 'create' | 'update'>,
    facts: CallbackFacts,
    now: () => Date,
    logger: CallLogLogger,
    observer?: Pick<SwitchObserver, 'callEnded'>,
  ) {
    this.facts = facts;
    this.#now = now;
    this.writer = new CallLogWriter(
      calls,
      facts.organisationId,
      {
        direction: 'outbound',
        at: now(),
        fromNumber: facts.groupNumber,
        fromName: null,
        toNumber: facts.number,
        fromUserId: null,
        emergency: false,
        callbackFor: { callId: facts.requestedByCallId, responseGroupId: facts.responseGroupId },
      },
      logger,
      observer,
    );
    const writer = this.writer;
    this.log = {
      path: (step) => writer.step(step, this.#now()),
      ivrMenu: (id) => writer.ivrMenu(id),
      voicemailLeft: (id) => writer.voicemailLeft(id),
      recording: (id) => writer.recording(id),
      presented: (number) => writer.presented(number),
      queueWait: (seconds) => writer.queueWait(seconds),
    };
    this.log.path({ type: 'callback', id: null, name: facts.number });
  }

  /** Attempts that rang the party called back (an attempt whose agent left first is not one). */
  get attempts(): number {
    return this.#attempts;
  }

  /** The party's phone is about to ring for one more attempt. */
  dialling(): void {
    this.#attempts++;
    this.log.path({ type: 'externalNumber', id: null, name: this.facts.number });
  }

  /** The party answered and is bridged with `agentUserId`. */
  bridged(agentUserId: string): void {
    const now = this.#now();
    this.writer.answered(now, agentUserId);
    this.writer.bridged(agentUserId, now);
  }

  /** The journey is over; the first end stands. */
  ended(outcome: CallOutcome, reason: EndReason, at?: Date): Promise<void> {
    this.writer.ended(at ?? this.#now(), outcome, reason);
    return this.writer.flushed();
  }
}
