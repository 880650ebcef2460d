import { describe, expect, it } from 'vitest';
import { destinationStep, unassignedNumberStep } from './destinationStep.ts';

describe('destinationStep', () => {
  it('rings a user destination', () => {
    expect(destinationStep({ type: 'user', userId: 'u2' }, 'unanswered')).toEqual({ step: 'ringUser', userId: 'u2' });
  });
  it('forwards an external number through the trunk', () => {
    expect(destinationStep({ type: 'externalNumber', number: '+46701234567' }, 'rejected')).toEqual({
      step: 'dialExternal',
      number: '+46701234567',
    });
  });
  it('answers busy tone with 486 and logs a refusal as rejected, a busy user as busy', () => {
    expect(destinationStep({ type: 'busyTone' }, 'rejected')).toMatchObject({ step: 'refuse', status: 486, outcome: 'rejected' });
    expect(destinationStep({ type: 'busyTone' }, 'busy')).toMatchObject({ step: 'refuse', status: 486, outcome: 'busy' });
  });
  it('answers voicemail with 480 and a plain reason until voicemail exists', () => {
    expect(destinationStep({ type: 'voicemail' }, 'unanswered')).toEqual({
      step: 'refuse',
      status: 480,
      reason: 'Temporarily Unavailable',
      warning: 'Voicemail is not available on this switch yet',
      outcome: 'missed',
    });
  });
  it('answers response groups and IVR menus with 480 until they are built', () => {
    expect(destinationStep({ type: 'responseGroup', responseGroupId: 'g' }, 'routed')).toMatchObject({ status: 480, outcome: 'failed' });
    expect(destinationStep({ type: 'ivrMenu', ivrMenuId: 'm' }, 'routed')).toMatchObject({ status: 480 });
  });
});

describe('unassignedNumberStep', () => {
  it('rejects with 404 when the rule says reject', () => {
    expect(unassignedNumberStep({ action: 'reject' })).toMatchObject({ step: 'refuse', status: 404 });
  });
  it('routes to the rule’s destination', () => {
    expect(unassignedNumberStep({ action: 'route', destination: { type: 'user', userId: 'u1' } })).toEqual({ step: 'ringUser', userId: 'u1' });
  });
});
