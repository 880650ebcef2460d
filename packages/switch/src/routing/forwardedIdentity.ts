import type { ForwardedCallerId } from '@vaxel/domain';
import type { DestinationCause } from '../flow/step.ts';

/**
 * RFC 5806 §4: why a call was diverted, as the `reason` of a Diversion header. A business phone's
 * forwards map onto four of them; an IVR key, the unassigned-number rule or a closed destination
 * sends every call there, which §4 calls `unconditional`.
 */
export type DiversionReason = 'no-answer' | 'user-busy' | 'deflection' | 'unconditional';

export function diversionReason(cause: DestinationCause): DiversionReason {
  switch (cause) {
    case 'unanswered':
      return 'no-answer';
    case 'busy':
      return 'user-busy';
    case 'rejected':
      return 'deflection';
    case 'routed':
      return 'unconditional';
  }
}

/** What the trunk is told of a call the switch sends on to an outside number. */
export interface ForwardedIdentity {
  /** The number in From and P-Asserted-Identity. */
  callerNumber: string;
  /** RFC 5806 Diversion: the organisation's number the call was diverted from, or null. */
  diversion: { number: string; reason: DiversionReason; counter: number } | null;
}

export interface ForwardFacts {
  /** The original caller's number (E.164), or null when the caller sent none usable (anonymous). */
  originalCaller: string | null;
  /** The organisation's number the call was diverted from ({@link divertingNumber}), or null when there is none. */
  divertingNumber: string | null;
  /** A number of the organisation to present when the original caller cannot be (its main number). */
  organisationNumber: string | null;
  cause: DestinationCause;
  /** Diversions the call went through already (a Diversion counter the trunk sent us, RFC 5806 §3). */
  earlierDiversions: number;
}

const e164 = /^\+[1-9]\d{1,14}$/;

/** What decides whose number a forward was diverted from. */
export interface DiversionSource {
  /** The number the caller dialled (the Request-URI's, read as E.164 when it is a number). */
  dialled: string;
  /** The organisation's numbers. */
  organisationNumbers: readonly string[];
  /** The own numbers of the last user the call rang, or null when it rang none. */
  lastUser: { landlineNumber: string | null; mobileNumber: string | null } | null;
  cause: DestinationCause;
}

/**
 * The organisation's number a forward was diverted from (RFC 5806: the Diversion names the
 * diverting party). A user's own rule (no answer, busy, rejected) diverts from that user, so
 * their own number is named — also when the caller reached them through a menu or another
 * number; a call sent on by routing (a menu key, closed hours, the unassigned-number rule) is
 * diverted from the number dialled. Either way only one of the organisation's numbers: carriers
 * check the Diversion against their customer's numbers. Null when there is none.
 */
export function divertingNumber(source: DiversionSource): string | null {
  const own = (n: string | null | undefined) => (n && source.organisationNumbers.includes(n) ? n : null);
  const users = own(source.lastUser?.landlineNumber) ?? own(source.lastUser?.mobileNumber);
  const dialled = own(source.dialled);
  return source.cause === 'routed' ? (dialled ?? users) : (users ?? dialled);
}

/**
 * The caller ID of a forwarded outside call (R32–R34, R35), as the trunk's setting says (domain
 * `ForwardedCallerId`). Carriers drop (or rewrite) a call whose From is a number that is not the
 * customer's, unless it says whose number diverted it; some drop it even then.
 * - `original_with_diversion`: the original caller with a Diversion naming the organisation's
 *   number, when both are known — the callee sees who really calls, the carrier sees whose line
 *   forwarded it; otherwise the organisation's own number, without Diversion (nothing to name);
 * - `organisation_number`: always the organisation's own number (the diverting one, else the main
 *   number), without Diversion — there is no foreign number for it to explain.
 * Null when there is no number at all to present: the switch refuses rather than send an
 * anonymous call.
 */
export function forwardedIdentity(facts: ForwardFacts, setting: ForwardedCallerId): ForwardedIdentity | null {
  const diverting = facts.divertingNumber && e164.test(facts.divertingNumber) ? facts.divertingNumber : null;
  const original = facts.originalCaller && e164.test(facts.originalCaller) ? facts.originalCaller : null;
  if (setting === 'original_with_diversion' && original && diverting) {
    return {
      callerNumber: original,
      diversion: { number: diverting, reason: diversionReason(facts.cause), counter: facts.earlierDiversions + 1 },
    };
  }
  const own =
    diverting ?? (facts.organisationNumber && e164.test(facts.organisationNumber) ? facts.organisationNumber : null);
  return own ? { callerNumber: own, diversion: null } : null;
}

/** RFC 5806 §3 header value for a Diversion, the number as a SIP URI at `host`. */
export function formatDiversion(diversion: NonNullable<ForwardedIdentity['diversion']>, host: string): string {
  return `<sip:${diversion.number}@${host}>;reason=${diversion.reason};counter=${diversion.counter};privacy=off`;
}

/** The highest `counter` of Diversion headers on an incoming call (absent counter = 1, RFC 5806 §3). */
export function diversionsSoFar(headerValues: readonly string[]): number {
  let total = 0;
  for (const value of headerValues) {
    for (const entry of value.split(',')) {
      if (!entry.trim()) continue;
      const match = /;\s*counter\s*=\s*(\d{1,3})/i.exec(entry);
      total += match ? Number(match[1]) : 1;
    }
  }
  return total;
}
