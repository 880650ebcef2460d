import type { CallerIdType } from './callRouting.ts';
import type { DisplayNumber } from './displayNumber.ts';

export type CallerIdUser = {
  id: string;
  mobileNumber: string | null;
  landlineNumber: string | null;
  teamIds: string[];
};

export type GroupMembership = { responseGroupId: string; agentIds: string[]; supervisorIds: string[] };

/** R50–R52: whether a user may present a display number, directly, by team, or by group role. */
export function mayPresent(user: CallerIdUser, displayNumber: DisplayNumber, groups: GroupMembership[]): boolean {
  if (displayNumber.userIds.includes(user.id)) return true;
  if (displayNumber.teamIds.some((t) => user.teamIds.includes(t))) return true;
  if (displayNumber.responseGroupId) {
    const group = groups.find((g) => g.responseGroupId === displayNumber.responseGroupId);
    if (group) {
      if (displayNumber.grantToGroupAgents && group.agentIds.includes(user.id)) return true;
      if (displayNumber.grantToGroupSupervisors && group.supervisorIds.includes(user.id)) return true;
    }
  }
  return false;
}

/** R55: a number a user may choose as caller ID: one of their own, or a display number granted to them. */
export function mayUseCallerId(
  user: CallerIdUser,
  number: string,
  displayNumbers: DisplayNumber[],
  groups: GroupMembership[],
): boolean {
  if (number === user.mobileNumber || number === user.landlineNumber) return true;
  return displayNumbers.some((d) => d.number === number && mayPresent(user, d, groups));
}

/** Display numbers a user may present. */
export function presentableNumbers(
  user: CallerIdUser,
  displayNumbers: DisplayNumber[],
  groups: GroupMembership[],
): DisplayNumber[] {
  return displayNumbers.filter((d) => mayPresent(user, d, groups));
}

/**
 * R36, R55: the caller ID of an outbound call. The user's chosen display number if they may
 * present it; otherwise their default type (mobile falls back to landline and back again).
 * Null when the user has no number at all: the switch then refuses the outbound call.
 */
export function chooseCallerId(input: {
  user: CallerIdUser;
  callerIdType: CallerIdType;
  chosenNumber: string | null;
  displayNumbers: DisplayNumber[];
  groups: GroupMembership[];
}): string | null {
  const { user, chosenNumber } = input;
  if (chosenNumber && mayUseCallerId(user, chosenNumber, input.displayNumbers, input.groups)) return chosenNumber;
  return input.callerIdType === 'mobile'
    ? (user.mobileNumber ?? user.landlineNumber)
    : (user.landlineNumber ?? user.mobileNumber);
}
