import type { DisplayNumber } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { outboundCallerId, type CallerIdFacts } from './outboundCallerId.ts';

const display = (number: string, userIds: string[]): DisplayNumber => ({
  id: `d${number}`,
  organisationId: 'org1',
  number,
  userIds,
  teamIds: [],
  responseGroupId: null,
  grantToGroupAgents: false,
  grantToGroupSupervisors: false,
});

const facts = (over: Partial<CallerIdFacts> = {}): CallerIdFacts => ({
  user: { id: 'u1', mobileNumber: '+46701111111', landlineNumber: '+46811111111', teamIds: [] },
  routing: { callerIdType: 'landline' },
  chosenNumber: null,
  displayNumbers: [],
  responseGroups: [],
  ...over,
});

describe('outboundCallerId', () => {
  it('presents the landline or mobile number per the caller ID type (R36)', () => {
    expect(outboundCallerId(facts())).toBe('+46811111111');
    expect(outboundCallerId(facts({ routing: { callerIdType: 'mobile' } }))).toBe('+46701111111');
  });
  it('falls back to the landline when mobile is chosen and the user has no mobile', () => {
    expect(
      outboundCallerId(
        facts({
          user: { id: 'u1', mobileNumber: null, landlineNumber: '+46811111111', teamIds: [] },
          routing: { callerIdType: 'mobile' },
        }),
      ),
    ).toBe('+46811111111');
  });
  it('presents a chosen display number the user may use (R55)', () => {
    expect(
      outboundCallerId(facts({ chosenNumber: '+46855555555', displayNumbers: [display('+46855555555', ['u1'])] })),
    ).toBe('+46855555555');
  });
  it('ignores a chosen number the user may not present', () => {
    expect(
      outboundCallerId(facts({ chosenNumber: '+46855555555', displayNumbers: [display('+46855555555', ['u2'])] })),
    ).toBe('+46811111111');
  });
  it('grants a group number to the group’s agents when the display number says so', () => {
    const d = { ...display('+46866666666', []), responseGroupId: 'g1', grantToGroupAgents: true };
    expect(
      outboundCallerId(
        facts({
          chosenNumber: '+46866666666',
          displayNumbers: [d],
          responseGroups: [
            { id: 'g1', agents: [{ userId: 'u1', loggedIn: true, reachOn: 'phone' }], supervisorIds: [] },
          ],
        }),
      ),
    ).toBe('+46866666666');
  });
});
