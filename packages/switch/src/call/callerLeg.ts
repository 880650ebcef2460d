import type { CallerLeg } from '../flow/step.ts';
import type { Dtmf } from '../media/callMedia.ts';
import { infoDigits } from '../media/sipInfoDigits.ts';
import type { CallDialog, ServerInvite } from '../signalling/signallingPort.ts';
import { CallState, canTransition, type CallStateMachine } from './callState.ts';

/** How the caller left: CANCEL before the answer (RFC 3261 §9), BYE after it (§15). */
export type HangUp = 'cancel' | 'bye';

/**
 * The caller's side of a call: the server INVITE the switch answers (switch.md, "The call").
 * It moves the call's state where the caller's leg moves it: 180 → Alerting, 183 → EarlyMedia,
 * 200 + ACK → InFlow. Every answer to the INVITE goes out once: one 180, one final response.
 */
export class ServerCallerLeg implements CallerLeg {
  readonly #invite: ServerInvite;
  readonly #state: CallStateMachine;
  readonly #answerSdp: () => string;
  readonly #digit: (key: Dtmf) => void;
  readonly #hangUpListeners = new Set<(how: HangUp) => void>();
  #rang = false;
  #early = false;
  #refused = false;
  #answering: Promise<void> | null = null;
  #dialog: CallDialog | null = null;
  #hungUp: HangUp | null = null;

  /**
   * `answerSdp` is the switch's SDP for the caller (the call media's `answerToCaller`); `digit`
   * hears the keys the caller sends by SIP INFO once answered (RFC 6086, media/sipInfoDigits.ts).
   */
  constructor(
    invite: ServerInvite,
    state: CallStateMachine,
    answerSdp: () => string,
    digit: (key: Dtmf) => void = () => {},
  ) {
    this.#invite = invite;
    this.#state = state;
    this.#answerSdp = answerSdp;
    this.#digit = digit;
    // Called at once if the CANCEL came while the call was being admitted.
    invite.onCancel(() => this.#hangUp('cancel'));
  }

  /** 200 OK sent and acknowledged. */
  get answered(): boolean {
    return this.#dialog !== null;
  }

  /** The caller's dialog once answered. */
  get dialog(): CallDialog | null {
    return this.#dialog;
  }

  /** A final response (refusal) went out, or the caller left. */
  get finished(): boolean {
    return this.#refused || this.#hungUp !== null;
  }

  ring(): void {
    if (this.#move(CallState.Alerting) && !this.#rang && !this.#early) {
      this.#rang = true;
      this.#invite.provisional(180);
    }
  }

  earlyMedia(sdp: string): void {
    if (this.#move(CallState.EarlyMedia)) {
      this.#early = true;
      this.#invite.provisional(183, sdp);
    }
  }

  answer(): Promise<void> {
    this.#answering ??= this.#answer();
    return this.#answering;
  }

  /** A final non-2xx to the unanswered caller, once; false when it is too late for one. */
  refuse(status: number, reason: string, warning: string | null, headers: Array<[string, string]> = []): boolean {
    if (this.#refused || this.#answering !== null || this.#hungUp !== null) return false;
    this.#refused = true;
    this.#invite.reject(status, reason, warning, headers);
    return true;
  }

  /** BYE to the answered caller; resolves when answered or timed out. Safe twice. */
  async hangUp(): Promise<void> {
    await this.#dialog?.bye();
  }

  /** Listens for the caller leaving; several listeners, each told once. Returns the unsubscribe. */
  onHangUp(listener: (how: HangUp) => void): () => void {
    if (this.#hungUp !== null) {
      const how = this.#hungUp;
      queueMicrotask(() => listener(how));
      return () => {};
    }
    this.#hangUpListeners.add(listener);
    return () => this.#hangUpListeners.delete(listener);
  }

  async #answer(): Promise<void> {
    if (this.#refused || this.#hungUp !== null) throw new Error('the caller is gone or was refused');
    const dialog = await this.#invite.accept(this.#answerSdp());
    this.#dialog = dialog;
    dialog.onBye(() => this.#hangUp('bye'));
    dialog.onInfo(infoDigits(this.#digit));
    this.#move(CallState.InFlow);
  }

  #hangUp(how: HangUp): void {
    if (this.#hungUp !== null) return;
    this.#hungUp = how;
    for (const listener of [...this.#hangUpListeners]) listener(how);
    this.#hangUpListeners.clear();
  }

  /** Moves the state when the table allows it from where the call is; true when it is there now. */
  #move(to: CallState): boolean {
    if (this.#state.state === to) return true;
    if (!canTransition(this.#state.state, to)) return false;
    this.#state.transition(to);
    return true;
  }
}
