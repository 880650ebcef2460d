/**
 * The life of one call through the switch, as seen by the caller's leg.
 *
 * Legal transitions (anything else is a bug and throws):
 * - Routing  → Alerting   a device or trunk leg is being rung (the caller hears 180/183)
 * - Routing  → Ended      refused before ringing (no route, busy handling, 4xx/5xx to the caller)
 * - Alerting → Routing    ringing ended without an answer and a rule sends the call on (R79)
 * - Alerting → Answered   a leg answered with 2xx and the caller got its 200 OK
 * - Alerting → Ended      the caller cancelled, or the final destination refused
 * - Answered → Ended      either side hung up (BYE), or a peer vanished (RTP timeout, no ACK)
 * Ended is terminal.
 */
export enum CallState {
  Routing = 'Routing',
  Alerting = 'Alerting',
  Answered = 'Answered',
  Ended = 'Ended',
}

const legal: Record<CallState, readonly CallState[]> = {
  [CallState.Routing]: [CallState.Alerting, CallState.Ended],
  [CallState.Alerting]: [CallState.Routing, CallState.Answered, CallState.Ended],
  [CallState.Answered]: [CallState.Ended],
  [CallState.Ended]: [],
};

export class IllegalCallTransition extends Error {
  constructor(readonly from: CallState, readonly to: CallState) {
    super(`A call cannot go from ${from} to ${to}`);
    this.name = 'IllegalCallTransition';
  }
}

export function canTransition(from: CallState, to: CallState): boolean {
  return legal[from].includes(to);
}

/** A tiny holder that enforces the table above. */
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
