import { Registry } from 'prom-client';
import { CallDirection, CallOutcome } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { sampleValue } from './sampleValue.ts';
import { SipTrafficMetrics } from './sipTrafficMetrics.ts';
import { overloadReasons, switchObserverMetrics } from './switchObserverMetrics.ts';

function setup() {
  const registry = new Registry();
  return { registry, observer: switchObserverMetrics(registry) };
}

describe("the switch's observer as counters", () => {
  it('counts each ended call under its direction and outcome', async () => {
    const { registry, observer } = setup();
    observer.callEnded?.('internal', 'answered');
    observer.callEnded?.('internal', 'answered');
    observer.callEnded?.('inbound', 'missed');
    const calls = (labels: Record<string, string>) => sampleValue(registry, 'vaxel_calls_total', labels);
    expect(await calls({ direction: 'internal', outcome: 'answered' })).toBe(2);
    expect(await calls({ direction: 'inbound', outcome: 'missed' })).toBe(1);
    expect(await calls({ direction: 'outbound', outcome: 'answered' })).toBe(0);
  });

  it('exports every direction and outcome at 0 from the start, and nothing beyond them', async () => {
    const { registry } = setup();
    const series = (await registry.getSingleMetric('vaxel_calls_total')!.get()).values;
    expect(series).toHaveLength(CallDirection.options.length * CallOutcome.options.length);
    expect(series.every((s) => s.value === 0)).toBe(true);
  });

  it('counts overload refusals by reason, every reason there at 0 from the start', async () => {
    const { registry, observer } = setup();
    observer.overloadRefused?.('event_loop_delay');
    for (const reason of overloadReasons) {
      expect(await sampleValue(registry, 'vaxel_overload_refusals_total', { reason }), reason).toBe(
        reason === 'event_loop_delay' ? 1 : 0,
      );
    }
  });

  it('hands SIP traffic to the SIP counters on the same registry', async () => {
    const { registry, observer } = setup();
    expect(observer.sip).toBeInstanceOf(SipTrafficMetrics);
    expect(await sampleValue(registry, 'vaxel_sip_retransmissions_sent_total')).toBe(0);
  });
});
