import type { Clock } from '../deps.ts';

/**
 * Failed console logins per account (email), across every address: the per-address limit of the
 * login route stops one guesser, this stops many guessers sharing the work. After `maxFailures`
 * failures within `windowMs` the account refuses further attempts until the oldest failure ages
 * out. A success clears the account's record. In memory: each API node counts its own.
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly maxFailures = 20,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Milliseconds until the account may try again, or 0 when it may try now. */
  retryAfterMs(email: string): number {
    const recent = this.#recent(email);
    if (recent.length < this.maxFailures) return 0;
    return recent[0]! + this.windowMs - this.clock.now().getTime();
  }

  recordFailure(email: string): void {
    const recent = this.#recent(email);
    recent.push(this.clock.now().getTime());
    this.#failures.set(email, recent);
    if (this.#failures.size > 100_000) this.#prune();
  }

  recordSuccess(email: string): void {
    this.#failures.delete(email);
  }

  #recent(email: string): number[] {
    const since = this.clock.now().getTime() - this.windowMs;
    return (this.#failures.get(email) ?? []).filter((t) => t > since);
  }

  #prune(): void {
    for (const email of this.#failures.keys()) {
      const recent = this.#recent(email);
      if (recent.length === 0) this.#failures.delete(email);
      else this.#failures.set(email, recent);
    }
  }
}
