/**
 * The caller's side of a call the switch places itself (a callback, R14; switch.md "calls the
 * switch places itself run through the same session with a switch-side caller leg"): the party
 * called back is reached by an outgoing INVITE through the trunk, and is "answered" when they pick
 * up — the switch cannot answer for them, so `answer()` only confirms they did. Its media is the
 * call's caller side (`offerToCaller` / `acceptCallerAnswer`), so the bridge, recording (caller
 * left) and the end-cause table treat it as any caller.
 */
import type { CallerLeg } from '../../flow/step.ts';
import { ringLegs, type RingCall } from '../../legs/ringLegs.ts';
import type { CallMedia } from '../../media/callMedia.ts';
import type { CallDialog, OutgoingInvite } from '../../signalling/signallingPort.ts';

export type Dialled =
  | { kind: 'answered' }
  /** Busy, declined, no answer in time, or a carrier failure: `status` as the carrier said it (480 for no answer). */
  | { kind: 'notReached'; status: number }
  | { kind: 'aborted' };

export class CalledBackLeg implements CallerLeg {
  #dialog: CallDialog | null = null;
  #dialled = false;
  readonly #hangUpListeners = new Set<() => void>();
  #hungUp = false;

  get answered(): boolean {
    return this.#dialog !== null;
  }

  get dialog(): CallDialog | null {
    return this.#dialog;
  }

  /** The switch places the call: there is no INVITE of the party's to send 180 or 183 on. */
  ring(): void {}
  earlyMedia(): void {}

  async answer(): Promise<void> {
    if (this.#dialog === null)
      throw new Error('a party called back answers by picking up; the switch cannot answer for them');
  }

  /**
   * Calls the party (`invite.sdp` from `media.offerToCaller()`), for `ringSeconds` at most; their
   * answer's SDP becomes the caller side of `media` (an unusable one ends the leg with BYE: not
   * reached). Once: a leg is one attempt.
   */
  async dial(
    call: RingCall,
    media: Pick<CallMedia, 'acceptCallerAnswer'>,
    invite: OutgoingInvite,
    ringSeconds: number,
  ): Promise<Dialled> {
    if (this.#dialled) throw new Error('a called-back leg dials once');
    this.#dialled = true;
    const result = await ringLegs(call, [invite], ringSeconds, { ringing() {}, earlyMedia: () => false });
    switch (result.kind) {
      case 'aborted':
        return { kind: 'aborted' };
      case 'timeout':
        return { kind: 'notReached', status: 480 };
      case 'failed':
        return { kind: 'notReached', status: result.statuses[0] ?? 480 };
      case 'answered':
        try {
          media.acceptCallerAnswer(result.response.body.toString('utf8'), result.dialog.signalledFrom);
        } catch {
          await result.dialog.bye('unusable SDP');
          return { kind: 'notReached', status: 488 };
        }
        this.#dialog = result.dialog;
        result.dialog.onBye(() => this.#hangUp());
        return { kind: 'answered' };
    }
  }

  /** BYE to the party, if they answered; safe twice. */
  async hangUp(): Promise<void> {
    await this.#dialog?.bye();
  }

  /** The party hung up (BYE); each listener told once. Returns the unsubscribe. */
  onHangUp(listener: () => void): () => void {
    if (this.#hungUp) {
      queueMicrotask(listener);
      return () => {};
    }
    this.#hangUpListeners.add(listener);
    return () => this.#hangUpListeners.delete(listener);
  }

  #hangUp(): void {
    if (this.#hungUp) return;
    this.#hungUp = true;
    for (const listener of [...this.#hangUpListeners]) listener();
    this.#hangUpListeners.clear();
  }
}
