import type { PhoneNumber, UnassignedNumberRule } from '@vaxel/domain';
import type { DialledNumber } from './dialledNumber.ts';

/**
 * What a dialled number reaches inside one organisation (R71, R72, R35).
 *
 * - `user`: a user by extension, mobile number or landline number.
 * - `responseGroup` / `ivrMenu`: the number is assigned to one.
 * - `unassigned`: one of the organisation's numbers assigned to nothing; the rule says what to do.
 * - `external`: not the organisation's; only internal callers may go there (through a trunk).
 * - `unknownExtension`: an extension nobody has.
 */
export type NumberTarget =
  | { type: 'user'; userId: string; reachedBy: 'extension' | 'mobileNumber' | 'landlineNumber' }
  | { type: 'responseGroup'; responseGroupId: string; name: string }
  | { type: 'ivrMenu'; ivrMenuId: string; name: string }
  | { type: 'unassigned'; number: string; rule: UnassignedNumberRule }
  | { type: 'external'; number: string }
  | { type: 'unknownExtension'; extension: string }
  /** R76: the organisation's voicemail access: listen to a box after its extension and PIN. */
  | { type: 'voicemailAccess' };

/** The organisation's data the router needs, loaded fresh for every call (R81). */
export interface NumberDirectory {
  users: ReadonlyArray<{ id: string; extension: string }>;
  /** The organisation's inventory with assignments (NumberRepository.list). */
  numbers: ReadonlyArray<PhoneNumber>;
  unassignedNumbers: UnassignedNumberRule;
  /** R76: the number or extension of the voicemail access (call-routing defaults), if any. */
  voicemailAccess?: string | null;
}

export function resolveNumber(dialled: DialledNumber, directory: NumberDirectory): NumberTarget {
  // The access is kept clear of users' extensions and assigned numbers when it is set (domain
  // voicemailAccessProblem); checked first, so a clash made later cannot hide it.
  const access = directory.voicemailAccess ?? null;
  if (access !== null && access === (dialled.kind === 'extension' ? dialled.extension : dialled.number))
    return { type: 'voicemailAccess' };
  if (dialled.kind === 'extension') {
    const user = directory.users.find((u) => u.extension === dialled.extension);
    return user
      ? { type: 'user', userId: user.id, reachedBy: 'extension' }
      : { type: 'unknownExtension', extension: dialled.extension };
  }
  const entry = directory.numbers.find((n) => n.number === dialled.number);
  if (!entry) return { type: 'external', number: dialled.number };
  const assignment = entry.assignment;
  if (assignment === null) return { type: 'unassigned', number: entry.number, rule: directory.unassignedNumbers };
  switch (assignment.type) {
    case 'userMobile':
      return { type: 'user', userId: assignment.userId, reachedBy: 'mobileNumber' };
    case 'userLandline':
      return { type: 'user', userId: assignment.userId, reachedBy: 'landlineNumber' };
    case 'responseGroup':
      return { type: 'responseGroup', responseGroupId: assignment.responseGroupId, name: assignment.name };
    case 'ivrMenu':
      return { type: 'ivrMenu', ivrMenuId: assignment.ivrMenuId, name: assignment.name };
  }
}
