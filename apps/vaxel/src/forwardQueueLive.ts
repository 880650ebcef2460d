import type { GroupLiveState, QueueLiveState } from '@vaxel/domain';

const quiet: GroupLiveState = { queue: [], callbacks: [], agents: [] };

/**
 * The API is built before the switch (the switch logs through the API's logger), so the API gets
 * the switch's live queue state (R19) through this forwarder, which asks for the switch each
 * time. Before the switch exists, or after it is gone, nothing is happening.
 */
export function forwardQueueLive(current: () => QueueLiveState | undefined): QueueLiveState {
  return {
    group: (organisationId, responseGroupId) => current()?.group(organisationId, responseGroupId) ?? quiet,
    subscribe: (organisationId, responseGroupId, listener) =>
      current()?.subscribe(organisationId, responseGroupId, listener) ?? (() => {}),
  };
}
