import { RuleViolation, type FieldError } from './errors.ts';
import type { Licence } from './primitives.ts';

/**
 * R11, R12: checks the people and the numeric ID of a group against the organisation.
 * `users` are the organisation's users by id; `otherNumericIds` those of the other groups.
 */
export function checkResponseGroupMembers(input: {
  numericId?: string;
  agentIds?: string[];
  supervisorIds?: string[];
  users: Map<string, { licence: Licence }>;
  otherNumericIds: string[];
}): void {
  const errors: FieldError[] = [];
  if (input.numericId !== undefined && input.otherNumericIds.includes(input.numericId)) {
    errors.push({
      path: 'numericId',
      message: `numeric ID ${input.numericId} is already used by another response group`,
    });
  }
  input.agentIds?.forEach((id, i) => {
    if (!input.users.has(id)) errors.push({ path: `agentIds[${i}]`, message: `no user ${id} in this organisation` });
  });
  if (input.agentIds && new Set(input.agentIds).size !== input.agentIds.length) {
    errors.push({ path: 'agentIds', message: 'an agent is listed twice' });
  }
  input.supervisorIds?.forEach((id, i) => {
    const user = input.users.get(id);
    if (!user) errors.push({ path: `supervisorIds[${i}]`, message: `no user ${id} in this organisation` });
    else if (user.licence !== 'pro') {
      errors.push({ path: `supervisorIds[${i}]`, message: 'only users with a pro licence can be supervisors' });
    }
  });
  if (input.supervisorIds && new Set(input.supervisorIds).size !== input.supervisorIds.length) {
    errors.push({ path: 'supervisorIds', message: 'a supervisor is listed twice' });
  }
  if (errors.length > 0) throw new RuleViolation(errors);
}

/**
 * R11: the caller number an agent's mobile shows for a group call: the caller's number with its
 * last digits replaced by the group's numeric ID, so the agent sees which group rang.
 */
export function callerNumberWithNumericId(callerNumber: string, numericId: string): string {
  if (callerNumber.length <= numericId.length + 1) return callerNumber;
  return callerNumber.slice(0, callerNumber.length - numericId.length) + numericId;
}
