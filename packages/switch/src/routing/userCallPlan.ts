import type { Destination, RoutingSettings } from '@vaxel/domain';

/** Live facts about the user being called, gathered by the switch at the moment of the call. */
export interface UserCallFacts {
  /** Devices (contacts) the user has registered right now. */
  registeredDevices: number;
  /** The user is already in a call (ringing out to them counts too, R33). */
  busy: boolean;
}

/**
 * What to do with a call to a user (R32–R34, R79):
 * - `ring`: ring every registered device for `ringSeconds`; then {@link afterRinging} decides.
 * - `divert`: do not ring; send the call to `destination` at once.
 */
export type UserCallPlan =
  | { action: 'ring'; ringSeconds: number }
  | { action: 'divert'; because: 'busy' | 'unavailable'; destination: Destination };

export function userCallPlan(settings: RoutingSettings, facts: UserCallFacts): UserCallPlan {
  // R33: with call waiting on, a busy user's phones ring anyway (the phone shows a second call);
  // with it off, the busy handling applies.
  if (facts.busy && !settings.callWaiting) {
    return { action: 'divert', because: 'busy', destination: settings.busyDestination };
  }
  // No device to ring: the call is unanswered by definition, without making the caller wait.
  if (facts.registeredDevices === 0) {
    return { action: 'divert', because: 'unavailable', destination: settings.unansweredDestination };
  }
  return { action: 'ring', ringSeconds: settings.ringSeconds };
}

/**
 * How ringing the user's devices ended without an answer:
 * - `unanswered`: ring time ran out, or every device failed without refusing (480, 408, …).
 * - `rejected`: the callee refused on a device (486 Busy Here or 603 Decline from the phone).
 */
export type RingEnd = 'unanswered' | 'rejected';

/** R32, R34: where the call goes after ringing. */
export function afterRinging(settings: RoutingSettings, end: RingEnd): Destination {
  return end === 'rejected' ? settings.rejectedDestination : settings.unansweredDestination;
}

/**
 * Folds the final responses of the forked device legs into a {@link RingEnd} once all have failed.
 * A refusal on any device counts: the person saw the call and chose not to take it.
 */
export function ringEndFromStatuses(statuses: readonly number[]): RingEnd {
  return statuses.some((s) => s === 486 || s === 600 || s === 603) ? 'rejected' : 'unanswered';
}
