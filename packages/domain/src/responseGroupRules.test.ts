import { describe, expect, it } from 'vitest';
import { RuleViolation } from './errors.ts';
import { callerNumberWithNumericId, checkResponseGroupMembers } from './responseGroupRules.ts';
import { NumericId } from './responseGroup.ts';

const users = new Map([
  ['u-basic', { licence: 'basic' as const }],
  ['u-pro', { licence: 'pro' as const }],
]);

function violation(fn: () => void): RuleViolation {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleViolation) return e;
    throw e;
  }
  throw new Error('expected a RuleViolation');
}

describe('checkResponseGroupMembers', () => {
  it('accepts a pro user as supervisor', () => {
    expect(() => checkResponseGroupMembers({ supervisorIds: ['u-pro'], users, otherNumericIds: [] })).not.toThrow();
  });

  it('refuses a basic user as supervisor, naming the field', () => {
    const e = violation(() => checkResponseGroupMembers({ supervisorIds: ['u-basic'], users, otherNumericIds: [] }));
    expect(e.errors).toEqual([
      { path: 'supervisorIds[0]', message: 'only users with a pro licence can be supervisors' },
    ]);
  });

  it('refuses a numeric ID another group uses', () => {
    const e = violation(() => checkResponseGroupMembers({ numericId: '12', users, otherNumericIds: ['12'] }));
    expect(e.errors[0]?.path).toBe('numericId');
  });

  it('refuses agents that are not users of the organisation', () => {
    const e = violation(() => checkResponseGroupMembers({ agentIds: ['u-other-org'], users, otherNumericIds: [] }));
    expect(e.errors[0]?.path).toBe('agentIds[0]');
  });
});

describe('NumericId', () => {
  it.each(['1', '12', '123', '1234'])('accepts %s', (id) => expect(NumericId.safeParse(id).success).toBe(true));
  it.each(['', '12345', '12a', '-1', ' 1'])('refuses %j', (id) => expect(NumericId.safeParse(id).success).toBe(false));
});

describe('callerNumberWithNumericId', () => {
  it('ends the caller number with the group numeric ID', () => {
    expect(callerNumberWithNumericId('+46701234567', '42')).toBe('+46701234542');
  });
});
