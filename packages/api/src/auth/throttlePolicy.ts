/**
 * How long a login attempt must wait, from the failures the store remembers. Growing delays, never
 * a lock: once the wait has passed, the right password works (an attempt refused for waiting is
 * not counted, so the wait never grows while nobody guesses).
 *
 * - Per source address across accounts (password spraying): after `addressFailures` failures
 *   within `addressWindowMs`, each further attempt waits 1 s, 2 s, 4 s … after the last failure.
 * - Per account (many guessers on one email): after `accountFailures` failures within
 *   `accountWindowMs`, the same growing waits, capped at `maxDelayMs`. From an address the
 *   account logged in from successfully within `knownAddressMs`, this rule does not apply, so a
 *   crowd guessing from elsewhere cannot keep the owner out at their usual place.
 * - Per address and account: the account's rule, for that one address, always (a guesser who
 *   shares the owner's address is still slowed).
 */
export type ThrottlePolicy = {
  addressFailures: number;
  addressWindowMs: number;
  accountFailures: number;
  accountWindowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  knownAddressMs: number;
};

export const defaultThrottlePolicy: ThrottlePolicy = {
  addressFailures: 10,
  addressWindowMs: 15 * 60_000,
  accountFailures: 5,
  accountWindowMs: 24 * 3600_000,
  firstDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  knownAddressMs: 30 * 24 * 3600_000,
};

export type FailureCount = { count: number; lastAt: string | null };

/** The wait after the `count`-th failure when `allowed` come free: first, doubling, capped. */
export function growingDelayMs(count: number, allowed: number, policy: ThrottlePolicy): number {
  if (count < allowed) return 0;
  const doublings = Math.min(count - allowed, 40);
  return Math.min(policy.firstDelayMs * 2 ** doublings, policy.maxDelayMs);
}

function remaining(failures: FailureCount, allowed: number, policy: ThrottlePolicy, now: number): number {
  if (failures.lastAt === null) return 0;
  const until = Date.parse(failures.lastAt) + growingDelayMs(failures.count, allowed, policy);
  return Math.max(0, until - now);
}

/** Milliseconds until the attempt may be made; 0 when it may be made now. */
export function throttleWaitMs(
  state: { address: FailureCount; account: FailureCount; pair: FailureCount; knownAddress: boolean },
  now: Date,
  policy: ThrottlePolicy = defaultThrottlePolicy,
): number {
  const at = now.getTime();
  return Math.max(
    remaining(state.address, policy.addressFailures, policy, at),
    state.knownAddress ? 0 : remaining(state.account, policy.accountFailures, policy, at),
    remaining(state.pair, policy.accountFailures, policy, at),
  );
}
