import { describe, expect, it } from 'vitest';
import { applyRoutingUpdate, effectiveRouting, factoryCallRoutingDefaults, pickRouting } from './callRouting.ts';

const defaults = pickRouting(factoryCallRoutingDefaults());

describe('effectiveRouting', () => {
  it('uses the default for every field the user has not set', () => {
    expect(effectiveRouting(defaults, {})).toEqual(defaults);
  });

  it('keeps the user own value when the default changes', () => {
    const overrides = { ringSeconds: 40 };
    const changedDefaults = { ...defaults, ringSeconds: 10, callWaiting: false };
    const effective = effectiveRouting(changedDefaults, overrides);
    expect(effective.ringSeconds).toBe(40);
    expect(effective.callWaiting).toBe(false);
  });
});

describe('effectiveRouting of settings saved before a rule was made stricter', () => {
  it('returns them as saved instead of failing the call', () => {
    const greeting = { type: 'tts' as const, text: 'Hej\tvälkommen', language: 'sv-SE' };
    expect(effectiveRouting(defaults, { voicemailGreeting: greeting }).voicemailGreeting).toEqual(greeting);
  });
});

describe('applyRoutingUpdate', () => {
  it('lets a user follow the default again', () => {
    const next = applyRoutingUpdate(
      { ringSeconds: 40, callWaiting: false },
      { overrides: {}, followDefault: ['ringSeconds'] },
    );
    expect(next).toEqual({ callWaiting: false });
  });

  it('sets new overrides next to the existing ones', () => {
    const next = applyRoutingUpdate({ ringSeconds: 40 }, { overrides: { callerIdType: 'mobile' }, followDefault: [] });
    expect(next).toEqual({ ringSeconds: 40, callerIdType: 'mobile' });
  });
});
