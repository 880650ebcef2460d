/**
 * What the switch tells an observer as it works, for the counters an operator's metrics keep
 * (issue 11). The switch knows nothing of how they are counted or exported (apps/vaxel turns them
 * into Prometheus metrics). Called on the hot path: an implementation does no more than increment
 * a number, and never throws.
 */
import type { CallDirection, CallOutcome } from '@vaxel/domain';
import type { SipTrafficObserver } from '@vaxel/sip';

/** Why a new INVITE was refused with a stateless 503 (security/overloadGuard.ts). */
export type OverloadReason = 'call_rate' | 'concurrent_calls' | 'event_loop_delay' | 'sip_queue_delay' | 'transactions';

export interface SwitchObserver {
  /** Every SIP message received and sent, and the retransmissions (the transaction layer's view). */
  readonly sip?: SipTrafficObserver;
  /** A call's record reached its end (R58's outcome), once per call-log record. */
  callEnded?(direction: CallDirection, outcome: CallOutcome): void;
  /** A new INVITE was answered 503 with Retry-After because the switch is beyond what it can finish in time. */
  overloadRefused?(reason: OverloadReason): void;
}
