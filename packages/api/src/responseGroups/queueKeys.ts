import { RuleViolation, type QueueSettings } from '@vaxel/domain';

/**
 * R14: a waiting caller's key does one thing. With callback on, the callback key cannot also be
 * the key that leaves for voicemail (the switch could not tell which the caller meant).
 * `path` is where the queue section sits (`settings.queue` for a group, `queue` for the defaults).
 */
export function checkQueueKeys(queue: QueueSettings, path: string): void {
  if (queue.callback.enabled && queue.voicemailKey !== null && queue.voicemailKey === queue.callback.key) {
    throw new RuleViolation([
      { path: `${path}.callback.key`, message: `must differ from the voicemail key (${queue.voicemailKey})` },
    ]);
  }
}
