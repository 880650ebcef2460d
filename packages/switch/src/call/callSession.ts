import { randomUUID } from 'node:crypto';
import type { CallOutcome, EndReason, Language } from '@vaxel/domain';
import { callProgressTone, type CallProgressTone } from '@vaxel/media';
import type { CallLogNotes, EndCause, FlowCall, CallArrival, FlowCaller, FlowServices } from '../flow/step.ts';
import { sleep } from '../kernel/clock.ts';
import type { CallMedia } from '../media/callMedia.ts';
import type { CallDialog, ServerInvite } from '../signalling/signallingPort.ts';
import { ServerCallerLeg } from './callerLeg.ts';
import type { CallLogWriter } from './callLogWriter.ts';
import { CallState, CallStateMachine } from './callState.ts';
import { callEnd, END_TONE_MS, endReasonFor, type Reach } from './endCauses.ts';

export interface CallSessionOptions {
  organisationId: string;
  caller: FlowCaller;
  arrival: CallArrival;
  /** The organisation's language, for built-in prompts. */
  language: Language;
  invite: ServerInvite;
  media: CallMedia;
  log: CallLogWriter;
  services: FlowServices;
  /** Aborted by the switch when it stops ('shutdown'); the session aborts it when the caller leaves. */
  abort: AbortController;
}

/**
 * One call (switch.md, "The call"): it owns the state machine, the call-log writer, the caller
 * leg and the call's media. Every state transition writes the call log through the machine's
 * change hook — answeredAt at the first move into InFlow, who answered at Bridged, the end with
 * the outcome call/endCauses.ts decides — so no step keeps state and log in step by hand. Steps
 * see it as a {@link FlowCall}; the loop (flow/runFlow.ts) as its FlowSession; `startCall.ts`
 * runs the loop and hands its end cause to `end()`.
 */
export class CallSession implements FlowCall {
  readonly organisationId: string;
  readonly language: Language;
  readonly caller: FlowCaller;
  readonly arrival: CallArrival;
  readonly leg: ServerCallerLeg;
  readonly media: CallMedia;
  readonly log: CallLogNotes;
  readonly services: FlowServices;
  readonly visitedUsers = new Set<string>();
  readonly source: string;
  readonly #state: CallStateMachine;
  readonly #writer: CallLogWriter;
  readonly #abort: AbortController;
  readonly #held: Array<() => void> = [];
  /** Until the call-log record exists (or when the database failed to create it). */
  readonly #provisionalId = randomUUID();
  #everBridged = false;
  #bridgedUser: string | null = null;
  #endOutcome: CallOutcome = 'failed';
  #endReason: EndReason = 'failed';
  /** When the call ended: decided at `end()`, before the tone and the BYEs that follow. */
  #endedAt: Date | null = null;
  /** When the caller's CANCEL or BYE came: a caller's end is then, whatever the flow did after. */
  #callerLeftAt: Date | null = null;
  /** The vanished caller's last RTP packet, when the RTP timeout aborted the call. */
  #callerVanishedAt: Date | null = null;
  #ending: Promise<void> | null = null;
  #closed: Promise<void> | null = null;

  constructor(options: CallSessionOptions) {
    this.organisationId = options.organisationId;
    this.language = options.language;
    this.caller = options.caller;
    this.arrival = options.arrival;
    this.source = options.invite.source.address;
    this.media = options.media;
    this.services = options.services;
    this.#writer = options.log;
    this.#abort = options.abort;
    this.#state = new CallStateMachine((_from, to) => this.#changed(to));
    this.leg = new ServerCallerLeg(
      options.invite,
      this.#state,
      () => this.media.answerToCaller(),
      (key) => this.media.injectDigit('caller', key, 'info'),
    );
    // Issue 10: a caller the switch answered (a menu, a queue, voicemail) whose RTP stops has
    // vanished: the call is aborted like a hang-up and ended with BYE as media_timeout at its
    // last packet. Once bridged, the connected state watches both sides itself (bridged.ts).
    this.media.on((event) => {
      if (
        event.type !== 'inactive' ||
        event.side !== 'caller' ||
        this.#state.state !== CallState.InFlow ||
        this.#abort.signal.aborted
      )
        return;
      this.#callerVanishedAt = new Date(this.services.clock.now() - event.silentForMs);
      this.services.logger.warn('no RTP from the caller; ending the call', {
        silentForMs: Math.round(event.silentForMs),
      });
      this.#abort.abort('media');
    });
    this.leg.onHangUp((how) => {
      this.#callerLeftAt ??= new Date(this.services.clock.now());
      this.#abort.abort(how === 'cancel' ? 'cancel' : 'hangup');
    });
    const writer = this.#writer;
    const now = () => new Date(this.services.clock.now());
    this.log = {
      path: (step) => writer.step(step, now()),
      ivrMenu: (ivrMenuId) => writer.ivrMenu(ivrMenuId),
      voicemailLeft: (messageId) => writer.voicemailLeft(messageId),
      recording: (recordingId) => writer.recording(recordingId),
      presented: (fromNumber) => writer.presented(fromNumber),
      queueWait: (seconds) => writer.queueWait(seconds),
    };
  }

  /** The call-log record's id once it is created, a random id before (or if the database failed). */
  get id(): string {
    return this.#writer.id ?? this.#provisionalId;
  }

  get abort(): AbortSignal {
    return this.#abort.signal;
  }

  get state(): CallState {
    return this.#state.state;
  }

  get callerDialog(): CallDialog | null {
    return this.leg.dialog;
  }

  /** The response group the call came through: the call log's, set by the group's path step (callRecordRules.ts). */
  get responseGroupId(): string | null {
    return this.#writer.record.responseGroupId;
  }

  routing(): void {
    if (this.#state.state === CallState.Alerting || this.#state.state === CallState.EarlyMedia)
      this.#state.transition(CallState.Routing);
  }

  bridged(answeredByUserId: string | null): void {
    this.#bridgedUser = answeredByUserId;
    this.#state.transition(CallState.Bridged);
  }

  /** Keeps `release` (a presence mark) until the call is closed. */
  hold(release: () => void): void {
    this.#held.push(release);
  }

  /** Ends the call as the end-cause table says: the caller's final response, or a tone and BYE. Once. */
  end(cause: EndCause): Promise<void> {
    this.#ending ??= this.#end(cause);
    return this.#ending;
  }

  async #end(cause: EndCause): Promise<void> {
    const reach: Reach = this.#everBridged ? 'callee' : this.leg.answered ? 'switch' : 'nobody';
    // A vanished caller left as far as the outcome goes (abandoned, missed …), but did not hang
    // up: it is sent a BYE, and the record ends at its last packet.
    const vanished = cause.by === 'caller' && this.#callerVanishedAt !== null && this.#callerLeftAt === null;
    const decided: EndCause = vanished ? { by: 'media', side: 'caller', at: this.#callerVanishedAt! } : cause;
    const { caller } = callEnd(decided, reach);
    const { outcome } = callEnd(cause, reach);
    this.#endOutcome = outcome;
    this.#endReason = endReasonFor(decided, reach);
    // Issue 10: the call ended when its cause happened (a BYE, the last RTP of a vanished peer),
    // not when the teardown finished: a BYE to a dead phone takes 64·T1 to time out (§17.1.2.2).
    this.#endedAt =
      decided.at ?? (decided.by === 'caller' ? this.#callerLeftAt : null) ?? new Date(this.services.clock.now());
    try {
      if (caller.kind === 'reject') {
        this.leg.refuse(caller.status, caller.reason, caller.warning);
      } else if (caller.kind === 'bye') {
        if (caller.tone) await this.#playTone(caller.tone);
        await this.leg.hangUp();
      }
    } finally {
      this.#state.transition(CallState.Ended);
    }
  }

  /** Frees the media and presence marks and waits for the call log's writes; safe twice. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const release of this.#held.splice(0)) release();
      await this.media.close();
      await this.#writer.flushed();
    })();
    return this.#closed;
  }

  async #playTone(tone: CallProgressTone): Promise<void> {
    if (this.abort.aborted || this.media.closed) return;
    const playing = this.media.play('caller', { clips: [callProgressTone(tone)], loop: true, bargeIn: false });
    await Promise.race([playing, sleep(this.services.clock, END_TONE_MS, this.abort)]);
    await this.media.stopPlaying('caller');
  }

  /** The state machine's change hook: the call log follows every transition. */
  #changed(to: CallState): void {
    const now = new Date(this.services.clock.now());
    switch (to) {
      case CallState.InFlow:
        this.#writer.answered(now, null);
        break;
      case CallState.Bridged:
        this.#everBridged = true;
        this.#writer.answered(now, this.#bridgedUser);
        this.#writer.bridged(this.#bridgedUser, now);
        break;
      case CallState.Ended:
        this.#writer.ended(this.#endedAt ?? now, this.#endOutcome, this.#endReason);
        break;
      default:
        break;
    }
  }
}
