import type { Destination } from './destination.ts';
import { isEmergencyNumber } from './emergencyNumbers.ts';
import { RuleViolation, type FieldError } from './errors.ts';
import { outboundVerdict, type OutboundRules } from './outboundRules.ts';
import { collectReferences } from './references.ts';

/** Where a destination is configured decides which kinds make sense there. */
export type DestinationContext = 'ivrMenu' | 'responseGroup' | 'userRouting' | 'unassignedNumber';

/** The ids that exist in the organisation, to check references against. */
export type KnownIds = {
  userIds: Set<string>;
  responseGroupIds: Set<string>;
  ivrMenuIds: Set<string>;
  audioFileIds: Set<string>;
};

/** What a number a call is forwarded to is checked against (R91, R92). */
export type OutboundFacts = {
  /** The organisation's country: national numbers and emergency numbers are read by it. */
  country: string;
  rules: OutboundRules;
  /** The organisation's allocated numbers: forwarding to one of them brings the call back in. */
  ownNumbers: ReadonlySet<string>;
};

/** Everything a settings value's destinations are checked against. */
export type DestinationFacts = KnownIds & { outbound: OutboundFacts };

/** The object whose settings are checked: a destination naming it would send its calls back to itself. */
export type SettingsOwner = { type: 'user' | 'responseGroup' | 'ivrMenu'; id: string };

/**
 * Checks every destination and audio file referenced in a settings value: each must exist in the
 * organisation (so no id of another tenant can be stored), and fit where it is configured. An
 * outside number must be one a call may honour: no emergency number, none of the organisation's
 * own numbers (a loop) and one the outbound rules allow. No destination may be `owner` itself.
 */
export function checkReferences(
  settings: unknown,
  context: DestinationContext,
  known: DestinationFacts,
  basePath = '',
  owner: SettingsOwner | null = null,
): void {
  const errors: FieldError[] = [];
  for (const ref of collectReferences(settings, basePath)) {
    if (ref.kind === 'audioFile') {
      if (!known.audioFileIds.has(ref.audioFileId)) {
        errors.push({ path: ref.field, message: `no audio file ${ref.audioFileId} in this organisation` });
      }
      continue;
    }
    const problem = selfProblem(ref.destination, owner) ?? destinationProblem(ref.destination, context, known);
    if (problem) errors.push({ path: ref.field, message: problem });
  }
  if (errors.length > 0) throw new RuleViolation(errors);
}

function selfProblem(d: Destination, owner: SettingsOwner | null): string | null {
  if (owner === null || d.type !== owner.type) return null;
  switch (d.type) {
    case 'user':
      return d.userId === owner.id
        ? 'this sends the user’s calls back to the same user; choose another destination'
        : null;
    case 'responseGroup':
      return d.responseGroupId === owner.id
        ? 'this sends the group’s calls back to the same group; choose another destination'
        : null;
    case 'ivrMenu':
      return d.ivrMenuId === owner.id
        ? 'this sends the call back to the same menu; use “repeat menu” to play it again'
        : null;
    default:
      return null;
  }
}

/** R91, R92: an outside number a call may really be sent to. */
export function externalNumberProblem(number: string, outbound: OutboundFacts): string | null {
  if (isEmergencyNumber(number, outbound.country)) {
    return `${number} is an emergency number: only the person in need calls it, calls are never forwarded to it`;
  }
  if (outbound.ownNumbers.has(number)) {
    return `${number} is one of the organisation's own numbers, so the call would come straight back in (a loop); choose the user, group or menu it belongs to instead`;
  }
  const verdict = outboundVerdict(number, outbound.rules, outbound.country);
  return verdict.allowed ? null : `${verdict.message} (see the outbound rules)`;
}

function destinationProblem(d: Destination, context: DestinationContext, known: DestinationFacts): string | null {
  switch (d.type) {
    case 'user':
      return known.userIds.has(d.userId) ? null : `no user ${d.userId} in this organisation`;
    case 'responseGroup':
      return known.responseGroupIds.has(d.responseGroupId)
        ? null
        : `no response group ${d.responseGroupId} in this organisation`;
    case 'ivrMenu':
      return known.ivrMenuIds.has(d.ivrMenuId) ? null : `no IVR menu ${d.ivrMenuId} in this organisation`;
    case 'voicemail':
      if (!d.owner) {
        return context === 'userRouting' || context === 'responseGroup'
          ? null
          : 'say whose voicemail box (owner) the call goes to';
      }
      if (d.owner.type === 'user')
        return known.userIds.has(d.owner.userId) ? null : `no user ${d.owner.userId} in this organisation`;
      return known.responseGroupIds.has(d.owner.responseGroupId)
        ? null
        : `no response group ${d.owner.responseGroupId} in this organisation`;
    case 'repeatMenu':
      return context === 'ivrMenu' ? null : 'repeat menu is only possible in an IVR menu';
    case 'externalNumber':
      return externalNumberProblem(d.number, known.outbound);
    case 'playMessage':
    case 'busyTone':
    case 'hangup':
      return null;
  }
}
