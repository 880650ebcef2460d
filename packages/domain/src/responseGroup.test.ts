import { describe, expect, it } from 'vitest';
import {
  applySettingsPatch,
  completeResponseGroupSettings,
  factoryResponseGroupSettings,
  ResponseGroupSettings,
} from './responseGroup.ts';

describe('completeResponseGroupSettings', () => {
  it('fills the queue fields a group saved before they existed with the factory defaults', () => {
    const old = factoryResponseGroupSettings() as unknown as { queue: Record<string, unknown> };
    const {
      queueFullDestination: _a,
      whenNoAgents: _b,
      noAgentsDestination: _c,
      voicemailKey: _d,
      callback: _e,
      serviceLevelSeconds: _f,
      ...queue
    } = old.queue;
    const stored = { ...old, queue: { ...queue, maxWaitSeconds: 90 } };
    const read = completeResponseGroupSettings(stored);
    expect(ResponseGroupSettings.parse(read)).toEqual(read);
    expect(read.queue.maxWaitSeconds).toBe(90);
    expect(read.queue.whenNoAgents).toBe('refuse');
    expect(read.queue.callback.enabled).toBe(false);
    expect(read.queue.serviceLevelSeconds).toBe(20);
  });

  it('completes a nested section (the callback) without overwriting what was stored', () => {
    const stored = { queue: { callback: { enabled: true } } };
    const read = completeResponseGroupSettings(stored);
    expect(read.queue.callback).toEqual({ ...factoryResponseGroupSettings().queue.callback, enabled: true });
  });

  it('keeps a stored destination whole rather than merging it with the default', () => {
    const stored = { queue: { limitReachedDestination: { type: 'hangup' } } };
    expect(completeResponseGroupSettings(stored).queue.limitReachedDestination).toEqual({ type: 'hangup' });
  });

  it('reads nothing usable as the factory settings', () => {
    expect(completeResponseGroupSettings(null)).toEqual(factoryResponseGroupSettings());
  });
});

describe('applySettingsPatch', () => {
  it('patches one field of the callback and keeps the others', () => {
    const current = factoryResponseGroupSettings();
    const next = applySettingsPatch(current, { queue: { callback: { retries: 4 } } });
    expect(next.queue.callback).toEqual({ ...current.queue.callback, retries: 4 });
  });
});
