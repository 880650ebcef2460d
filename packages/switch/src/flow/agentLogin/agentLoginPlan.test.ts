import { describe, expect, it } from 'vitest';
import { agentLoginPlan } from './agentLoginPlan.ts';
import { testGroup } from './testGroups.ts';

const support = testGroup('Support', '12', [
  ['u1', false],
  ['u2', true],
]);
const sales = testGroup('Sales', '13', [['u1', true]]);
const billing = testGroup('Billing', '14', [['u2', true]]);
const groups = [support, sales, billing];

describe('agentLoginPlan', () => {
  it('changes the group the numeric ID names when the user is its agent', () => {
    expect(agentLoginPlan(groups, 'u1', { code: '*4512', loggedIn: true, numericId: '12' })).toEqual({
      kind: 'change',
      groups: [support],
      all: false,
    });
  });

  it('changes the group even when the login is already as asked (the phone hears it confirmed)', () => {
    expect(agentLoginPlan(groups, 'u1', { code: '*4513', loggedIn: true, numericId: '13' })).toEqual({
      kind: 'change',
      groups: [sales],
      all: false,
    });
  });

  it('refuses a numeric ID of a group the user is not an agent of', () => {
    expect(agentLoginPlan(groups, 'u1', { code: '*4514', loggedIn: true, numericId: '14' })).toEqual({
      kind: 'notAgent',
      numericId: '14',
    });
  });

  it('refuses a numeric ID no group has, the same way', () => {
    expect(agentLoginPlan(groups, 'u1', { code: '*4599', loggedIn: false, numericId: '99' })).toEqual({
      kind: 'notAgent',
      numericId: '99',
    });
  });

  it('changes every group the user is an agent of when no numeric ID is dialled, by name', () => {
    expect(agentLoginPlan(groups, 'u1', { code: '*46', loggedIn: false, numericId: null })).toEqual({
      kind: 'change',
      groups: [sales, support],
      all: true,
    });
  });

  it('has nothing to change for a user who is an agent of no group', () => {
    expect(agentLoginPlan(groups, 'u9', { code: '*45', loggedIn: true, numericId: null })).toEqual({
      kind: 'noGroups',
    });
  });

  it('matches the numeric ID as dialled, leading zeros included', () => {
    const seven = testGroup('Seven', '7', [['u1', false]]);
    expect(agentLoginPlan([seven], 'u1', { code: '*4507', loggedIn: true, numericId: '07' }).kind).toBe('notAgent');
  });
});
