import { factoryCallRoutingDefaults, pickRouting, type RoutingSettings } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { afterRinging, ringEndFromStatuses, userCallPlan } from './userCallPlan.ts';

const settings = (over: Partial<RoutingSettings> = {}): RoutingSettings => ({
  ...pickRouting(factoryCallRoutingDefaults()),
  ringSeconds: 20,
  unansweredDestination: { type: 'externalNumber', number: '+46709999999' },
  busyDestination: { type: 'busyTone' },
  rejectedDestination: { type: 'voicemail' },
  ...over,
});

describe('userCallPlan', () => {
  it('rings the devices for the ring time when the user is free', () => {
    expect(userCallPlan(settings(), { registeredDevices: 2, busy: false })).toEqual({
      action: 'ring',
      ringSeconds: 20,
    });
  });
  it('rings a busy user anyway when call waiting is on', () => {
    expect(userCallPlan(settings({ callWaiting: true }), { registeredDevices: 1, busy: true })).toEqual({
      action: 'ring',
      ringSeconds: 20,
    });
  });
  it('sends a busy user’s call to the busy destination when call waiting is off', () => {
    expect(userCallPlan(settings({ callWaiting: false }), { registeredDevices: 1, busy: true })).toEqual({
      action: 'divert',
      because: 'busy',
      destination: { type: 'busyTone' },
    });
  });
  it('goes straight to the unanswered destination when no device is registered', () => {
    expect(userCallPlan(settings(), { registeredDevices: 0, busy: false })).toEqual({
      action: 'divert',
      because: 'unavailable',
      destination: { type: 'externalNumber', number: '+46709999999' },
    });
  });
});

describe('afterRinging', () => {
  it('uses the unanswered destination after the ring time', () => {
    expect(afterRinging(settings(), 'unanswered')).toEqual({ type: 'externalNumber', number: '+46709999999' });
  });
  it('uses the rejected destination when the callee refused', () => {
    expect(afterRinging(settings(), 'rejected')).toEqual({ type: 'voicemail' });
  });
});

describe('ringEndFromStatuses', () => {
  it('counts 486 or 603 from any device as a refusal', () => {
    expect(ringEndFromStatuses([480, 486])).toBe('rejected');
    expect(ringEndFromStatuses([603])).toBe('rejected');
  });
  it('counts other failures as unanswered', () => {
    expect(ringEndFromStatuses([408, 480, 500])).toBe('unanswered');
  });
});
