import { describe, expect, it } from 'vitest';
import {
  checkReferences,
  type DestinationContext,
  type DestinationFacts,
  type SettingsOwner,
} from './destinationRules.ts';
import { RuleViolation } from './errors.ts';
import { factoryOutboundRules } from './outboundRules.ts';

const facts: DestinationFacts = {
  userIds: new Set(['u1', 'u2']),
  responseGroupIds: new Set(['g1']),
  ivrMenuIds: new Set(['m1', 'm2']),
  audioFileIds: new Set(),
  outbound: { country: 'SE', rules: factoryOutboundRules(), ownNumbers: new Set(['+46812300001']) },
};

/** The messages of the refusal, by field path; empty when the settings are accepted. */
function problems(
  settings: unknown,
  context: DestinationContext,
  owner: SettingsOwner | null = null,
  known = facts,
): Record<string, string> {
  try {
    checkReferences(settings, context, known, '', owner);
    return {};
  } catch (error) {
    if (!(error instanceof RuleViolation)) throw error;
    return Object.fromEntries(error.errors.map((e) => [e.path, e.message]));
  }
}

const external = (number: string) => ({ type: 'externalNumber', number });

describe('outside numbers a call is forwarded to', () => {
  it('accepts a national number', () => {
    expect(problems({ unansweredDestination: external('+46701234567') }, 'userRouting')).toEqual({});
  });

  it('refuses an emergency number, here in its E.164 form', () => {
    expect(problems({ unansweredDestination: external('+4690000') }, 'userRouting')).toEqual({
      unansweredDestination: expect.stringMatching(/emergency number/),
    });
  });

  it('refuses one of the organisation’s own numbers as a loop', () => {
    expect(problems({ busyDestination: external('+46812300001') }, 'userRouting')).toEqual({
      busyDestination: expect.stringMatching(/own numbers.*loop/),
    });
  });

  it('refuses an international number while the organisation may not call abroad, at the key’s path', () => {
    expect(problems({ keys: { '3': external('+4930123456') } }, 'ivrMenu')).toEqual({
      'keys.3': expect.stringMatching(/international/),
    });
  });

  it('accepts the international number once its country is allowed', () => {
    const allowed = {
      ...facts,
      outbound: {
        ...facts.outbound,
        rules: { ...factoryOutboundRules(), international: { allowed: true, countries: ['DE'] } },
      },
    };
    expect(problems({ keys: { '3': external('+4930123456') } }, 'ivrMenu', null, allowed)).toEqual({});
  });

  it('refuses premium and satellite numbers', () => {
    expect(
      problems(
        {
          queue: { limitReachedDestination: external('+46900123456') },
          schedule: { closedDestination: external('+8816123456') },
        },
        'responseGroup',
      ),
    ).toEqual({
      'queue.limitReachedDestination': expect.stringMatching(/premium/),
      'schedule.closedDestination': expect.stringMatching(/satellite/),
    });
  });
});

describe('destinations that send a call back to where it is', () => {
  it('refuses a group overflowing to itself, and accepts it overflowing to its own voicemail', () => {
    const settings = {
      queue: { limitReachedDestination: { type: 'responseGroup', responseGroupId: 'g1' } },
      schedule: { closedDestination: { type: 'voicemail' } },
    };
    expect(problems(settings, 'responseGroup', { type: 'responseGroup', id: 'g1' })).toEqual({
      'queue.limitReachedDestination': expect.stringMatching(/same group/),
    });
  });

  it('refuses a menu key to the menu itself and points to repeat menu', () => {
    const settings = {
      keys: {
        '9': { type: 'ivrMenu', ivrMenuId: 'm1' },
        '0': { type: 'ivrMenu', ivrMenuId: 'm2' },
        '*': { type: 'repeatMenu' },
      },
    };
    expect(problems(settings, 'ivrMenu', { type: 'ivrMenu', id: 'm1' })).toEqual({
      'keys.9': expect.stringMatching(/repeat menu/),
    });
  });

  it('refuses a user forwarding to himself, not to a colleague', () => {
    const settings = {
      rejectedDestination: { type: 'user', userId: 'u1' },
      busyDestination: { type: 'user', userId: 'u2' },
    };
    expect(problems(settings, 'userRouting', { type: 'user', id: 'u1' })).toEqual({
      rejectedDestination: expect.stringMatching(/same user/),
    });
  });

  it('lets the organisation’s defaults send calls to any user, since they belong to nobody', () => {
    expect(problems({ rejectedDestination: { type: 'user', userId: 'u1' } }, 'userRouting')).toEqual({});
  });
});
