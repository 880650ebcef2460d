import { z } from 'zod';
import { Timestamp } from './primitives.ts';

/**
 * Issue 10: what the operator sees of the SIP edge's bans and failure counters, and how one ban
 * is lifted. The switch implements {@link SipBans} (`Switch.sipBans`); the api reads it through
 * this port without importing the switch. Usernames appear (they are what was guessed at);
 * passwords, digests and nonces never do.
 */

/** Why an address is banned: failed digests across users, or a flood (the rate limiter's). */
export const SipBanReason = z.enum(['auth_failures', 'flood']);
export type SipBanReason = z.infer<typeof SipBanReason>;

export const SipBan = z.object({
  address: z.string(),
  reason: SipBanReason,
  /** 1 for a first ban; higher for repeats (longer bans). */
  level: z.number().int().min(1),
  until: Timestamp,
});
export type SipBan = z.infer<typeof SipBan>;

/** Counted failures from one address in the current window, across users. */
export const SipAddressFailures = z.object({
  address: z.string(),
  failures: z.number().int().min(0),
  /** Distinct usernames among them (many: spraying). */
  usernames: z.number().int().min(0),
});
export type SipAddressFailures = z.infer<typeof SipAddressFailures>;

/** Counted failures of one user from one address, and whether that pair is refused now. */
export const SipPairFailures = z.object({
  address: z.string(),
  user: z.string(),
  failures: z.number().int().min(0),
  refusedUntil: Timestamp.nullable(),
});
export type SipPairFailures = z.infer<typeof SipPairFailures>;

export const SipBansView = z.object({
  bans: z.array(SipBan),
  addresses: z.array(SipAddressFailures),
  pairs: z.array(SipPairFailures),
});
export type SipBansView = z.infer<typeof SipBansView>;

export interface SipBans {
  /** Bans in force and the counters in the window, now. */
  list(): SipBansView;
  /** Lifts the ban on `address`; false when it is not banned. */
  lift(address: string): boolean;
}
