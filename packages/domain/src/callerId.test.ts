import { describe, expect, it } from 'vitest';
import { chooseCallerId, mayUseCallerId } from './callerId.ts';
import type { DisplayNumber } from './displayNumber.ts';

const user = { id: 'u1', mobileNumber: '+46701000001', landlineNumber: '+4681000001', teamIds: ['t1'] };
const support: DisplayNumber = {
  id: 'd1',
  organisationId: 'o',
  number: '+4681000009',
  userIds: [],
  teamIds: [],
  responseGroupId: 'g1',
  grantToGroupAgents: true,
  grantToGroupSupervisors: false,
};
const sales: DisplayNumber = { ...support, id: 'd2', number: '+4681000008', responseGroupId: null, teamIds: ['t1'] };

describe('chooseCallerId', () => {
  it('presents the mobile number when the type is mobile', () => {
    expect(chooseCallerId({ user, callerIdType: 'mobile', chosenNumber: null, displayNumbers: [], groups: [] })).toBe(
      '+46701000001',
    );
  });

  it('falls back to the landline when a mobile-type user has no mobile', () => {
    expect(
      chooseCallerId({
        user: { ...user, mobileNumber: null },
        callerIdType: 'mobile',
        chosenNumber: null,
        displayNumbers: [],
        groups: [],
      }),
    ).toBe('+4681000001');
  });

  it('presents a display number granted through a team', () => {
    expect(
      chooseCallerId({
        user,
        callerIdType: 'landline',
        chosenNumber: '+4681000008',
        displayNumbers: [sales],
        groups: [],
      }),
    ).toBe('+4681000008');
  });

  it('presents a group number to an agent when agents are granted it', () => {
    const groups = [{ responseGroupId: 'g1', agentIds: ['u1'], supervisorIds: [] }];
    expect(
      chooseCallerId({
        user,
        callerIdType: 'landline',
        chosenNumber: '+4681000009',
        displayNumbers: [support],
        groups,
      }),
    ).toBe('+4681000009');
  });

  it('ignores a chosen number the user may not present', () => {
    expect(
      chooseCallerId({
        user,
        callerIdType: 'landline',
        chosenNumber: '+4681000009',
        displayNumbers: [support],
        groups: [],
      }),
    ).toBe('+4681000001');
  });
});

describe('mayUseCallerId', () => {
  it('allows the user’s own numbers and granted display numbers only', () => {
    const groups = [{ responseGroupId: 'g1', agentIds: ['u1'], supervisorIds: [] }];
    expect(mayUseCallerId(user, '+46701000001', [], [])).toBe(true);
    expect(mayUseCallerId(user, '+4681000008', [sales], [])).toBe(true);
    expect(mayUseCallerId(user, '+4681000009', [support], groups)).toBe(true);
    expect(mayUseCallerId(user, '+4681000009', [support], [])).toBe(false);
    expect(mayUseCallerId(user, '+4681000007', [support, sales], groups)).toBe(false);
  });
});
