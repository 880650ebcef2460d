import { RuleViolation } from './errors.ts';
import type { NumberAssignment, PhoneNumber } from './organisation.ts';

/** Who is asking for a number, so it may keep the number it already has. */
export type NumberClaimant =
  | { type: 'userMobile' | 'userLandline'; userId: string }
  | { type: 'responseGroup'; responseGroupId: string }
  | { type: 'ivrMenu'; ivrMenuId: string };

function isSelf(assignment: NumberAssignment, claimant: NumberClaimant): boolean {
  if (assignment.type !== claimant.type) return false;
  switch (assignment.type) {
    case 'userMobile':
    case 'userLandline':
      return 'userId' in claimant && assignment.userId === claimant.userId;
    case 'responseGroup':
      return 'responseGroupId' in claimant && assignment.responseGroupId === claimant.responseGroupId;
    case 'ivrMenu':
      return 'ivrMenuId' in claimant && assignment.ivrMenuId === claimant.ivrMenuId;
  }
}

const describe = (a: NumberAssignment) =>
  a.type === 'responseGroup'
    ? `response group "${a.name}"`
    : a.type === 'ivrMenu'
      ? `IVR menu "${a.name}"`
      : `user "${a.name}"`;

/**
 * A number is assigned to at most one thing (R10, R20, R3): it must be the organisation's, and
 * free or already the claimant's. Mobile fields take mobile numbers; everything else any type.
 */
export function checkNumberClaim(
  field: string,
  number: string,
  claimant: NumberClaimant,
  inventory: Map<string, PhoneNumber>,
): void {
  const entry = inventory.get(number);
  if (!entry) throw new RuleViolation([{ path: field, message: `${number} is not one of the organisation's numbers` }]);
  if (claimant.type === 'userMobile' && entry.type !== 'mobile') {
    throw new RuleViolation([{ path: field, message: `${number} is a landline number, not a mobile number` }]);
  }
  if (entry.assignment && !isSelf(entry.assignment, claimant)) {
    throw new RuleViolation(
      [{ path: field, message: `${number} is already assigned to ${describe(entry.assignment)}` }],
      'number_in_use',
    );
  }
}

/** A billing ID must be one of the organisation's numbers; it may be shared (R10). */
export function checkBillingNumber(field: string, number: string, inventory: Map<string, PhoneNumber>): void {
  if (!inventory.has(number)) {
    throw new RuleViolation([{ path: field, message: `${number} is not one of the organisation's numbers` }]);
  }
}
