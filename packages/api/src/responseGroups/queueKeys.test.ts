import { factoryResponseGroupSettings, RuleViolation, type QueueSettings } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { checkQueueKeys } from './queueKeys.ts';

const queue = (
  voicemailKey: QueueSettings['voicemailKey'],
  enabled: boolean,
  key: QueueSettings['callback']['key'],
): QueueSettings => {
  const base = factoryResponseGroupSettings().queue;
  return { ...base, voicemailKey, callback: { ...base.callback, enabled, key } };
};

describe("a queue's keys", () => {
  it('refuse one key for both the voicemail and the callback, naming the callback key', () => {
    try {
      checkQueueKeys(queue('1', true, '1'), 'settings.queue');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleViolation);
      expect((error as RuleViolation).errors).toEqual([
        { path: 'settings.queue.callback.key', message: 'must differ from the voicemail key (1)' },
      ]);
    }
  });

  it('allow the same key while callback is off, different keys, and no voicemail key', () => {
    expect(() => checkQueueKeys(queue('1', false, '1'), 'queue')).not.toThrow();
    expect(() => checkQueueKeys(queue('1', true, '2'), 'queue')).not.toThrow();
    expect(() => checkQueueKeys(queue(null, true, '1'), 'queue')).not.toThrow();
  });
});
