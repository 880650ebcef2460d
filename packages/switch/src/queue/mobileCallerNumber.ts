import type { ForwardedCallerId } from '@vaxel/domain';
import type { DiversionReason, ForwardedIdentity } from '../routing/forwardedIdentity.ts';

/** E.164 allows 15 digits after the `+` (ITU-T E.164 §6.1); carriers refuse longer numbers. */
const MAX_E164_DIGITS = 15;
const e164 = /^\+[1-9]\d{1,14}$/;

/** R11: the number with the group's numeric ID at its end, or null when that would not be E.164. */
export function withNumericId(number: string, numericId: string): string | null {
  if (!e164.test(number) || !/^\d{1,4}$/.test(numericId)) return null;
  const joined = `${number}${numericId}`;
  return joined.length - 1 <= MAX_E164_DIGITS ? joined : null;
}

export interface MobileCallFacts {
  /**
   * Who the agent should see: an outside caller's number; for a colleague calling the group, the
   * number the organisation shows for them on outbound calls (their caller ID). Null when there
   * is none usable (anonymous, a colleague without a number).
   */
  callerNumber: string | null;
  /** The group's own number (the number dialled, which the carrier knows is the customer's). */
  groupNumber: string;
  numericId: string;
  /** Diversions the call came through already (RFC 5806 counter). */
  earlierDiversions: number;
}

/**
 * What the trunk is told of a group's call to an agent's mobile (R11, R74):
 * - From and P-Asserted-Identity: the caller's number with the group's numeric ID at its end
 *   (caller +46701234567, group 12 → +4670123456712), so the agent knows before answering which
 *   group the call came through and still sees who calls. A colleague's extension means nothing
 *   on a mobile and cannot be called back from it, so an internal caller is shown by the number
 *   the organisation presents for them on outbound calls. Without a usable caller number, or
 *   when the ID would make it longer than E.164 allows, the group's own number (with the ID when
 *   that fits) is shown instead — the agent still sees the call is the group's.
 * - Diversion (RFC 5806) naming the group's number, `unconditional` (the group sends every call
 *   on to its agents): the number in From is not the customer's, and carriers drop a foreign
 *   caller ID that no Diversion explains (as for forwarded calls, routing/forwardedIdentity.ts).
 * A trunk set to present the organisation's number (`organisation_number`: its carrier refuses
 * any other, Diversion or not) gets the group's own number as it is and no Diversion: a number
 * with the ID appended is not the customer's either. The agent then sees the group, not the caller.
 */
export function mobileCallIdentity(facts: MobileCallFacts, setting: ForwardedCallerId): ForwardedIdentity {
  if (setting === 'organisation_number') return { callerNumber: facts.groupNumber, diversion: null };
  const shown =
    (facts.callerNumber ? withNumericId(facts.callerNumber, facts.numericId) : null) ??
    withNumericId(facts.groupNumber, facts.numericId) ??
    facts.groupNumber;
  const reason: DiversionReason = 'unconditional';
  return {
    callerNumber: shown,
    diversion: { number: facts.groupNumber, reason, counter: facts.earlierDiversions + 1 },
  };
}
