/**
 * The life of one call through the switch, as seen by the caller's leg.
 *
 * Legal transitions (anything else is a bug and throws):
 * - Routing   → Alerting   the caller is told it rings: 180 Ringing relayed from a rung leg
 *                          (RFC 3261 §13.3.1.1, a provisional response to the caller's INVITE)
 * - Routing   → EarlyMedia / Alerting → EarlyMedia
 *                          183 Session Progress with SDP: the caller hears a callee's early media
 *                          (carrier ringback or announcements; §13.3.1.1, RFC 3960)
 * - Routing   → InFlow     the switch answered the caller itself (200 OK, then the ACK, §13.3.1.4)
 *                          for a step that needs an answered caller (message, menu, voicemail)
 * - Alerting / EarlyMedia → Routing
 *                          ringing ended without an answer and a rule sends the call on (R79)
 * - Alerting / EarlyMedia → InFlow
 *                          a rung leg answered: the switch answers the caller (200, ACK) ...
 * - InFlow    → Bridged    ... and joins the callee's media to the caller's; also a callee reached
 *                          from a menu (the caller is answered already: no second 200)
 * - Bridged   → InFlow     the callee left and the caller goes back to the flow (a menu after a
 *                          transfer, a callback)
 * - any but Ended → Ended  a final non-2xx to the caller (§13.3.1.3), its CANCEL (§9.2: 487),
 *                          a BYE either way (§15), or a peer that vanished (RTP timeout, no ACK)
 * Ended is terminal. The caller is answered exactly in InFlow and Bridged.
 */
export enum CallState {
  Routing = 'Routing',
  Alerting = 'Alerting',
  EarlyMedia = 'EarlyMedia',
  InFlow = 'InFlow',
  Bridged = 'Bridged',
  Ended = 'Ended',
}

const legal: Record<CallState, readonly CallState[]> = {
  [CallState.Routing]: [CallState.Alerting, CallState.EarlyMedia, CallState.InFlow, CallState.Ended],
  [CallState.Alerting]: [CallState.Routing, CallState.EarlyMedia, CallState.InFlow, CallState.Ended],
  [CallState.EarlyMedia]: [CallState.Routing, CallState.InFlow, CallState.Ended],
  [CallState.InFlow]: [CallState.Bridged, CallState.Ended],
  [CallState.Bridged]: [CallState.InFlow, CallState.Ended],
  [CallState.Ended]: [],
};

export class IllegalCallTransition extends Error {
  constructor(
    readonly from: CallState,
    readonly to: CallState,
  ) {
    super(`A call cannot go from ${from} to ${to}`);
    this.name = 'IllegalCallTransition';
  }
}

export function canTransition(from: CallState, to: CallState): boolean {
  return legal[from].includes(to);
}

/** The caller has had its 200 OK (and ACKed it). */
export function isAnswered(state: CallState): boolean {
  return state === CallState.InFlow || state === CallState.Bridged;
}

/** A tiny holder that enforces the table above and reports every change to its hook. */
export class CallStateMachine {
  #state = CallState.Routing;
  readonly #onChange: ((from: CallState, to: CallState) => void) | undefined;

  constructor(onChange?: (from: CallState, to: CallState) => void) {
    this.#onChange = onChange;
  }

  get state(): CallState {
    return this.#state;
  }

  transition(to: CallState): void {
    const from = this.#state;
    if (!canTransition(from, to)) throw new IllegalCallTransition(from, to);
    this.#state = to;
    this.#onChange?.(from, to);
  }
}
