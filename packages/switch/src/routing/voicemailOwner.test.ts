import { factoryCallRoutingDefaults, pickRouting } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { routingWithVoicemailOwner, withVoicemailOwner } from './voicemailOwner.ts';

describe("voicemail in someone's settings", () => {
  it("is bound to that user's box", () => {
    const settings = routingWithVoicemailOwner(pickRouting(factoryCallRoutingDefaults()), 'u1');
    expect(settings.unansweredDestination).toEqual({ type: 'voicemail', owner: { type: 'user', userId: 'u1' } });
    expect(settings.busyDestination).toEqual({ type: 'voicemail', owner: { type: 'user', userId: 'u1' } });
    expect(settings.rejectedDestination).toEqual({ type: 'busyTone' });
  });

  it('keeps a box the setting names itself', () => {
    const named = { type: 'voicemail' as const, owner: { type: 'responseGroup' as const, responseGroupId: 'g1' } };
    expect(withVoicemailOwner(named, { type: 'user', userId: 'u1' })).toBe(named);
  });
});
