import type { GroupLiveState, QueueLiveState } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { forwardQueueLive } from './forwardQueueLive.ts';

const busy: GroupLiveState = {
  queue: [],
  callbacks: [],
  agents: [{ userId: 'u1', state: 'onCall', since: '2026-12-02T09:00:00.000Z' }],
};

describe('the API’s view of the switch’s live queue state', () => {
  it('shows nothing happening before the switch exists', () => {
    const live = forwardQueueLive(() => undefined);
    expect(live.group('org', 'g')).toEqual({ queue: [], callbacks: [], agents: [] });
    expect(() => live.subscribe('org', 'g', () => {})()).not.toThrow();
  });

  it('asks the switch each time once it exists, and subscribes with it', () => {
    let sw: QueueLiveState | undefined;
    const heard: string[] = [];
    const live = forwardQueueLive(() => sw);
    sw = {
      group: (organisationId, groupId) =>
        organisationId === 'org' && groupId === 'g' ? busy : { queue: [], callbacks: [], agents: [] },
      subscribe: (organisationId, groupId, listener) => {
        heard.push(`${organisationId}/${groupId}`);
        listener();
        return () => heard.push('unsubscribed');
      },
    };
    expect(live.group('org', 'g')).toBe(busy);
    let told = 0;
    live.subscribe('org', 'g', () => (told += 1))();
    expect(told).toBe(1);
    expect(heard).toEqual(['org/g', 'unsubscribed']);
  });
});
