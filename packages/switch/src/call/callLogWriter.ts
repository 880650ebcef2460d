import type { CallPathStep, CallRecord } from '@vaxel/domain';
import type { CallRepository } from '@vaxel/store';
import {
  recordOnAnswer,
  recordOnEnd,
  recordOnStart,
  recordWithStep,
  unansweredOutcome,
  type CallStart,
  type EndCause,
  type NewCallRecord,
} from './callRecordRules.ts';

export interface CallLogLogger {
  error(message: string, details?: Record<string, unknown>): void;
}

/**
 * Writes one call's record as it happens (R78): create at start, update at each path step, at
 * answer and at end. Writes go one after another (an update never overtakes the create) and a
 * failing database never breaks the call: the error is logged and the call goes on.
 */
export class CallLogWriter {
  readonly #calls: Pick<CallRepository, 'create' | 'update'>;
  readonly #organisationId: string;
  readonly #logger: CallLogLogger;
  #record: NewCallRecord;
  #saved: CallRecord | null = null;
  #queue: Promise<void> = Promise.resolve();

  constructor(calls: Pick<CallRepository, 'create' | 'update'>, organisationId: string, start: CallStart, logger: CallLogLogger) {
    this.#calls = calls;
    this.#organisationId = organisationId;
    this.#logger = logger;
    this.#record = recordOnStart(start);
    const initial = this.#record;
    this.#enqueue(async () => {
      this.#saved = await this.#calls.create(this.#organisationId, initial);
    });
  }

  /** The record as it stands in memory (what the database will hold once writes settle). */
  get record(): NewCallRecord {
    return this.#record;
  }

  get id(): string | null {
    return this.#saved?.id ?? null;
  }

  step(step: Omit<CallPathStep, 'at'>, at: Date): void {
    this.#change(recordWithStep(this.#record, { ...step, at: at.toISOString() }));
  }

  /** The number an outbound call presented (R36, R55), so the log shows what the callee saw. */
  presented(fromNumber: string): void {
    if (fromNumber !== this.#record.fromNumber) this.#change({ ...this.#record, fromNumber });
  }

  answered(at: Date, answeredByUserId: string | null): void {
    this.#change(recordOnAnswer(this.#record, at, answeredByUserId));
  }

  ended(at: Date, cause: EndCause): void {
    this.#change(recordOnEnd(this.#record, at, unansweredOutcome(cause)));
  }

  /** Resolves when every write so far has been attempted. */
  flushed(): Promise<void> {
    return this.#queue;
  }

  #change(next: NewCallRecord): void {
    if (next === this.#record) return;
    this.#record = next;
    this.#enqueue(async () => {
      if (this.#saved === null) return; // the create failed; nothing to update
      this.#saved = await this.#calls.update(this.#organisationId, { ...next, id: this.#saved.id, organisationId: this.#organisationId });
    });
  }

  #enqueue(write: () => Promise<void>): void {
    this.#queue = this.#queue.then(write).catch((error: unknown) => {
      this.#logger.error('call log write failed', { organisationId: this.#organisationId, error: String(error) });
    });
  }
}
