import { describe, expect, it } from 'vitest';
import { RuleViolation } from './errors.ts';
import { checkBillingNumber, checkNumberClaim } from './numberRules.ts';
import type { PhoneNumber } from './organisation.ts';

const inventory = new Map<string, PhoneNumber>([
  ['+4681000001', { number: '+4681000001', type: 'landline', organisationId: 'o', assignment: null }],
  ['+46701000001', { number: '+46701000001', type: 'mobile', organisationId: 'o', assignment: null }],
  [
    '+4681000002',
    {
      number: '+4681000002',
      type: 'landline',
      organisationId: 'o',
      assignment: { type: 'responseGroup', responseGroupId: 'g1', name: 'Support' },
    },
  ],
]);

describe('checkNumberClaim', () => {
  it('gives a free number of the organisation', () => {
    expect(() =>
      checkNumberClaim('number', '+4681000001', { type: 'ivrMenu', ivrMenuId: 'm1' }, inventory),
    ).not.toThrow();
  });

  it('refuses a number assigned to something else, saying to what', () => {
    expect(() => checkNumberClaim('number', '+4681000002', { type: 'ivrMenu', ivrMenuId: 'm1' }, inventory)).toThrow(
      /already assigned to response group "Support"/,
    );
  });

  it('lets the holder keep its own number', () => {
    expect(() =>
      checkNumberClaim('number', '+4681000002', { type: 'responseGroup', responseGroupId: 'g1' }, inventory),
    ).not.toThrow();
  });

  it('refuses a number of another organisation', () => {
    expect(() => checkNumberClaim('number', '+4681999999', { type: 'ivrMenu', ivrMenuId: 'm1' }, inventory)).toThrow(
      RuleViolation,
    );
  });

  it('refuses a landline number as a mobile number', () => {
    expect(() =>
      checkNumberClaim('mobileNumber', '+4681000001', { type: 'userMobile', userId: 'u1' }, inventory),
    ).toThrow(/not a mobile number/);
  });
});

describe('checkBillingNumber', () => {
  it('accepts a number already used by a group, since billing IDs may be shared', () => {
    expect(() => checkBillingNumber('billingNumber', '+4681000002', inventory)).not.toThrow();
  });
});
