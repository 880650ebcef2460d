import type { Registry } from 'prom-client';
import { CallDirection, CallOutcome } from '@vaxel/domain';
import type { OverloadReason, SwitchObserver } from '@vaxel/switch';
import { SipTrafficMetrics } from './sipTrafficMetrics.ts';
import { TallyCounter, type Tally } from './tallyCounter.ts';

/** Every `OverloadReason`, as label values; the type below fails to compile when the union grows. */
export const overloadReasons = [
  'call_rate',
  'concurrent_calls',
  'event_loop_delay',
  'sip_queue_delay',
  'transactions',
] as const;
type Unlisted = Exclude<OverloadReason, (typeof overloadReasons)[number]>;
const everyReasonListed: [Unlisted] extends [never] ? true : never = true;
void everyReasonListed;

/**
 * What the switch tells as it works (packages/switch kernel/switchObserver.ts), counted:
 * `vaxel_calls_total{direction,outcome}` (one per call-log record at its end; calls set up per
 * second by outcome is its `rate()`), `vaxel_overload_refusals_total{reason}` (stateless 503s
 * for overload) and the SIP traffic (sipTrafficMetrics.ts). Every series exists from the start,
 * at 0, so `rate()` sees the first call; unknown values are not counted rather than thrown on.
 */
export function switchObserverMetrics(registry: Registry): SwitchObserver {
  const calls = new TallyCounter(
    registry,
    'vaxel_calls_total',
    'Calls ended, by direction and outcome (R58), one per call-log record',
    ['direction', 'outcome'],
  );
  const callSeries = new Map<string, Map<string, Tally>>();
  for (const direction of CallDirection.options) {
    const byOutcome = new Map<string, Tally>();
    for (const outcome of CallOutcome.options) byOutcome.set(outcome, calls.series({ direction, outcome }));
    callSeries.set(direction, byOutcome);
  }
  const refusals = new TallyCounter(
    registry,
    'vaxel_overload_refusals_total',
    'New INVITEs answered 503 with Retry-After because the switch was overloaded, by reason',
    ['reason'],
  );
  const refusalSeries = new Map<string, Tally>(overloadReasons.map((reason) => [reason, refusals.series({ reason })]));
  const sip = new SipTrafficMetrics(registry);

  return {
    sip,
    callEnded(direction, outcome) {
      const tally = callSeries.get(direction)?.get(outcome);
      if (tally) tally.count += 1;
    },
    overloadRefused(reason) {
      const tally = refusalSeries.get(reason);
      if (tally) tally.count += 1;
    },
  };
}
