import type { Repositories } from '@vaxel/store';
import type { Clock } from '../deps.ts';
import { defaultThrottlePolicy, throttleWaitMs, type ThrottlePolicy } from './throttlePolicy.ts';

/**
 * Login throttling on the failures kept in the store (rules in throttlePolicy.ts), so it survives
 * a restart and holds across API nodes sharing the database. Every place that checks an
 * account's password goes through it: login, accepting an invitation, changing the password.
 * Two attempts racing on different nodes may both pass the check before either records its
 * failure; the next ones wait, so a guesser gains at most a handful of attempts.
 */
export class LoginThrottle {
  #lastPrune = 0;

  constructor(
    private readonly store: Pick<Repositories, 'loginThrottle'>,
    private readonly clock: Clock,
    readonly policy: ThrottlePolicy = defaultThrottlePolicy,
  ) {}

  /** Milliseconds the attempt of `email` from `address` must wait; 0 when it may be made now. */
  async retryAfterMs(address: string, email: string): Promise<number> {
    const now = this.clock.now();
    const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const repo = this.store.loginThrottle;
    const [byAddress, byAccount, byPair, knownAddress] = await Promise.all([
      repo.failures({ address, since: since(this.policy.addressWindowMs) }),
      repo.failures({ email, since: since(this.policy.accountWindowMs) }),
      repo.failures({ address, email, since: since(this.policy.accountWindowMs) }),
      repo.isKnownAddress(email, address, since(this.policy.knownAddressMs)),
    ]);
    return throttleWaitMs({ address: byAddress, account: byAccount, pair: byPair, knownAddress }, now, this.policy);
  }

  async recordFailure(address: string, email: string): Promise<void> {
    await this.store.loginThrottle.recordFailure({ address, email, at: this.clock.now().toISOString() });
    await this.#pruneNowAndThen();
  }

  /** Clears the account's failures (from every address); other accounts' failures at the address stay. */
  async recordSuccess(address: string, email: string): Promise<void> {
    await this.store.loginThrottle.recordSuccess({ address, email, at: this.clock.now().toISOString() });
  }

  /** At most once an hour per node: rows older than every window are of no use. */
  async #pruneNowAndThen(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.#lastPrune < 3600_000) return;
    this.#lastPrune = now;
    const failures = Math.max(this.policy.accountWindowMs, this.policy.addressWindowMs);
    await this.store.loginThrottle.prune({
      failures: new Date(now - failures).toISOString(),
      knownAddresses: new Date(now - this.policy.knownAddressMs).toISOString(),
    });
  }
}
