import { describe, expect, it } from 'vitest';
import { factoryOutboundLimits, OutboundLimits } from './outboundLimits.ts';
import { completeOutboundRules, factoryOutboundRules, OutboundRules, OutboundRulesInput } from './outboundRules.ts';

describe('OutboundLimits', () => {
  it('starts at 10 concurrent calls, 300 minutes an hour and a spike of 10 international calls in 60 s', () => {
    expect(factoryOutboundLimits()).toStrictEqual({
      concurrentCalls: 10,
      minutesPerHour: 300,
      internationalSpike: { calls: 10, seconds: 60 },
    });
    expect(OutboundLimits.parse(factoryOutboundLimits())).toStrictEqual(factoryOutboundLimits());
  });

  it.each([
    ['no concurrent call', { concurrentCalls: 0 }],
    ['too many concurrent calls', { concurrentCalls: 1001 }],
    ['a fraction of a call', { concurrentCalls: 2.5 }],
    ['no minutes', { minutesPerHour: 0 }],
    ['more minutes than an hour of 1000 lines', { minutesPerHour: 60001 }],
    ['a spike of one call', { internationalSpike: { calls: 1, seconds: 60 } }],
    ['a spike window under 10 s', { internationalSpike: { calls: 10, seconds: 9 } }],
    ['a spike window over an hour', { internationalSpike: { calls: 10, seconds: 3601 } }],
    ['an unknown field', { perUser: 3 }],
  ])('refuses %s', (_what, change) => {
    expect(OutboundLimits.safeParse({ ...factoryOutboundLimits(), ...change }).success).toBe(false);
  });

  it('accepts the bounds themselves', () => {
    expect(
      OutboundLimits.safeParse({ concurrentCalls: 1, minutesPerHour: 1, internationalSpike: { calls: 2, seconds: 10 } })
        .success,
    ).toBe(true);
    expect(
      OutboundLimits.safeParse({
        concurrentCalls: 1000,
        minutesPerHour: 60000,
        internationalSpike: { calls: 1000, seconds: 3600 },
      }).success,
    ).toBe(true);
  });
});

describe('OutboundRules with limits', () => {
  const { limits: _limits, ...withoutLimits } = factoryOutboundRules();

  it('include the factory limits for a new organisation', () => {
    expect(factoryOutboundRules().limits).toStrictEqual(factoryOutboundLimits());
  });

  it('need the limits when whole, but not as input', () => {
    expect(OutboundRules.safeParse(withoutLimits).success).toBe(false);
    expect(OutboundRulesInput.safeParse(withoutLimits).success).toBe(true);
    expect(OutboundRulesInput.safeParse({ ...withoutLimits, limits: { concurrentCalls: 0 } }).success).toBe(false);
  });

  it('are completed with the current limits when sent without, and keep the limits they were sent with', () => {
    const current = { concurrentCalls: 4, minutesPerHour: 120, internationalSpike: { calls: 3, seconds: 30 } };
    const sent = { concurrentCalls: 2, minutesPerHour: 60, internationalSpike: { calls: 5, seconds: 600 } };
    expect(completeOutboundRules(withoutLimits, current)).toStrictEqual({ ...withoutLimits, limits: current });
    expect(completeOutboundRules({ ...withoutLimits, limits: sent }, current).limits).toStrictEqual(sent);
    expect(completeOutboundRules(withoutLimits)).toStrictEqual(factoryOutboundRules());
  });
});
