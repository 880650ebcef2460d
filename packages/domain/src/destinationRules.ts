import type { Destination } from './destination.ts';
import { RuleViolation, type FieldError } from './errors.ts';
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

/**
 * Checks every destination and audio file referenced in a settings value: each must exist in the
 * organisation (so no id of another tenant can be stored), and fit where it is configured.
 */
export function checkReferences(settings: unknown, context: DestinationContext, known: KnownIds, basePath = ''): void {
  const errors: FieldError[] = [];
  for (const ref of collectReferences(settings, basePath)) {
    if (ref.kind === 'audioFile') {
      if (!known.audioFileIds.has(ref.audioFileId)) {
        errors.push({ path: ref.field, message: `no audio file ${ref.audioFileId} in this organisation` });
      }
      continue;
    }
    const problem = destinationProblem(ref.destination, context, known);
    if (problem) errors.push({ path: ref.field, message: problem });
  }
  if (errors.length > 0) throw new RuleViolation(errors);
}

function destinationProblem(d: Destination, context: DestinationContext, known: KnownIds): string | null {
  switch (d.type) {
    case 'user':
      return known.userIds.has(d.userId) ? null : `no user ${d.userId} in this organisation`;
    case 'responseGroup':
      return known.responseGroupIds.has(d.responseGroupId) ? null : `no response group ${d.responseGroupId} in this organisation`;
    case 'ivrMenu':
      return known.ivrMenuIds.has(d.ivrMenuId) ? null : `no IVR menu ${d.ivrMenuId} in this organisation`;
    case 'voicemail':
      if (!d.owner) {
        return context === 'userRouting' || context === 'responseGroup'
          ? null
          : 'say whose voicemail box (owner) the call goes to';
      }
      if (d.owner.type === 'user') return known.userIds.has(d.owner.userId) ? null : `no user ${d.owner.userId} in this organisation`;
      return known.responseGroupIds.has(d.owner.responseGroupId)
        ? null
        : `no response group ${d.owner.responseGroupId} in this organisation`;
    case 'repeatMenu':
      return context === 'ivrMenu' ? null : 'repeat menu is only possible in an IVR menu';
    case 'externalNumber':
    case 'playMessage':
    case 'busyTone':
    case 'hangup':
      return null;
  }
}
