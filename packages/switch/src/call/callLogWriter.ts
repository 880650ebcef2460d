import type { CallOutcome, CallPathStep, CallRecord, EndReason } from '@vaxel/domain';
import type { CallRepository } from '@vaxel/store';
import type { SwitchObserver } from '../kernel/switchObserver.ts';
import {
  recordOnAnswer,
  recordOnBridge,
  recordOnEnd,
  recordOnStart,
  recordWithStep,
  type CallStart,
  type NewCallRecord,
} from './callRecordRules.ts';

export interface CallLogLogger {
  error(message: string, details?: Record<string, unknown>): void;
}

/**
 * Writes one call's record as it happens (R78): create at start, update at each path step, at
 * answer and at end. Writes go one after another (an update never overtakes the create) and a
 * failing database never breaks the call: the error is logged and the call goes on. The call's
 * state machine drives `answered`, `bridged` and `ended` (CallSession's change hook); steps add
 * the path and the links (menu, recording, voicemail).
 */
export class CallLogWriter {
  readonly #calls: Pick<CallRepository, 'create' | 'update'>;
  readonly #organisationId: string;
  readonly #logger: CallLogLogger;
  #record: NewCallRecord;
  #saved: CallRecord | null = null;
  #queue: Promise<void> = Promise.resolve();
  readonly #created: Promise<string | null>;
  readonly #observer: Pick<SwitchObserver, 'callEnded'> | undefined;
  #voicemailLeft = false;
  #endTold = false;
  /** When the caller was first bridged to a person: talk time starts there. */
  #bridgedAt: Date | null = null;

  constructor(
    calls: Pick<CallRepository, 'create' | 'update'>,
    organisationId: string,
    start: CallStart,
    logger: CallLogLogger,
    /** Issue 11: told once when the record ends, for the operator's metrics. */
    observer?: Pick<SwitchObserver, 'callEnded'>,
  ) {
    this.#observer = observer;
    this.#calls = calls;
    this.#organisationId = organisationId;
    this.#logger = logger;
    this.#record = recordOnStart(start);
    const initial = this.#record;
    this.#enqueue(async () => {
      this.#saved = await this.#calls.create(this.#organisationId, initial);
    });
    this.#created = this.#queue.then(() => this.#saved?.id ?? null);
  }

  /** The record's id once created; null when the create failed (the error is logged). */
  created(): Promise<string | null> {
    return this.#created;
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

  /** R14: the time in a group's queue is the call's wait, not the moment the switch answered to play music. */
  queueWait(seconds: number): void {
    this.#change({ ...this.#record, waitSeconds: Math.max(0, Math.round(seconds)) });
  }

  answered(at: Date, answeredByUserId: string | null): void {
    this.#change(recordOnAnswer(this.#record, at, answeredByUserId));
  }

  /** A callee was bridged to the caller at `at` (who may have been answered by the switch before). */
  bridged(answeredByUserId: string | null, at: Date): void {
    this.#bridgedAt ??= at;
    this.#change(recordOnBridge(this.#record, answeredByUserId));
  }

  /** R58: the first IVR menu the call went through. */
  ivrMenu(ivrMenuId: string): void {
    if (this.#record.ivrMenuId === null) this.#change({ ...this.#record, ivrMenuId });
  }

  /** R77: the call's recording. */
  recording(recordingId: string): void {
    if (this.#record.recordingId !== recordingId) this.#change({ ...this.#record, recordingId });
  }

  /** R58: a message was left, so the call ends as `voicemail` whatever else its end says; the record links it. */
  voicemailLeft(messageId: string): void {
    this.#voicemailLeft = true;
    if (this.#record.voicemailMessageId !== messageId) this.#change({ ...this.#record, voicemailMessageId: messageId });
  }

  /** The outcome and the reason come from call/endCauses.ts; `at` is when the call really ended. */
  ended(at: Date, outcome: CallOutcome, reason: EndReason): void {
    this.#change(recordOnEnd(this.#record, at, this.#voicemailLeft ? 'voicemail' : outcome, reason, this.#bridgedAt));
    const ended = this.#record.outcome;
    if (!this.#endTold && ended) {
      this.#endTold = true;
      this.#observer?.callEnded?.(this.#record.direction, ended);
    }
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
      // The record as last written: only what changed since is written (issue 11, a tenth of the cost).
      this.#saved = await this.#calls.update(
        this.#organisationId,
        { ...next, id: this.#saved.id, organisationId: this.#organisationId },
        this.#saved,
      );
    });
  }

  #enqueue(write: () => Promise<void>): void {
    this.#queue = this.#queue.then(write).catch((error: unknown) => {
      this.#logger.error('call log write failed', { organisationId: this.#organisationId, error: String(error) });
    });
  }
}
