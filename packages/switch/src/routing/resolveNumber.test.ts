import type { PhoneNumber } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { resolveNumber, type NumberDirectory } from './resolveNumber.ts';

const number = (n: string, assignment: PhoneNumber['assignment']): PhoneNumber => ({
  number: n,
  type: 'landline',
  organisationId: 'org1',
  assignment,
});

const directory: NumberDirectory = {
  users: [{ id: 'u1', extension: '1001' }],
  numbers: [
    number('+46811111111', { type: 'userLandline', userId: 'u1', name: 'Alice' }),
    number('+46701111111', { type: 'userMobile', userId: 'u1', name: 'Alice' }),
    number('+46822222222', { type: 'responseGroup', responseGroupId: 'g1', name: 'Support' }),
    number('+46833333333', { type: 'ivrMenu', ivrMenuId: 'm1', name: 'Main menu' }),
    number('+46844444444', null),
  ],
  unassignedNumbers: { action: 'reject' },
};

describe('resolveNumber', () => {
  it('finds a user by extension', () => {
    expect(resolveNumber({ kind: 'extension', extension: '1001' }, directory)).toEqual({
      type: 'user',
      userId: 'u1',
      reachedBy: 'extension',
    });
  });
  it('says so when nobody has the extension', () => {
    expect(resolveNumber({ kind: 'extension', extension: '1999' }, directory)).toEqual({
      type: 'unknownExtension',
      extension: '1999',
    });
  });
  it('finds a user by landline and by mobile number', () => {
    expect(resolveNumber({ kind: 'number', number: '+46811111111' }, directory)).toMatchObject({
      userId: 'u1',
      reachedBy: 'landlineNumber',
    });
    expect(resolveNumber({ kind: 'number', number: '+46701111111' }, directory)).toMatchObject({
      userId: 'u1',
      reachedBy: 'mobileNumber',
    });
  });
  it('finds the response group or IVR menu a number belongs to', () => {
    expect(resolveNumber({ kind: 'number', number: '+46822222222' }, directory)).toEqual({
      type: 'responseGroup',
      responseGroupId: 'g1',
      name: 'Support',
    });
    expect(resolveNumber({ kind: 'number', number: '+46833333333' }, directory)).toEqual({
      type: 'ivrMenu',
      ivrMenuId: 'm1',
      name: 'Main menu',
    });
  });
  it('applies the unassigned-number rule to an organisation number assigned to nothing (R35)', () => {
    expect(resolveNumber({ kind: 'number', number: '+46844444444' }, directory)).toEqual({
      type: 'unassigned',
      number: '+46844444444',
      rule: { action: 'reject' },
    });
  });
  it('treats any other number as external', () => {
    expect(resolveNumber({ kind: 'number', number: '+4670999999' }, directory)).toEqual({
      type: 'external',
      number: '+4670999999',
    });
  });
  it('reaches the voicemail access by its number or by its extension (R76)', () => {
    expect(
      resolveNumber({ kind: 'number', number: '+46844444444' }, { ...directory, voicemailAccess: '+46844444444' }),
    ).toEqual({ type: 'voicemailAccess' });
    expect(resolveNumber({ kind: 'extension', extension: '190' }, { ...directory, voicemailAccess: '190' })).toEqual({
      type: 'voicemailAccess',
    });
    expect(resolveNumber({ kind: 'extension', extension: '190' }, { ...directory, voicemailAccess: null })).toEqual({
      type: 'unknownExtension',
      extension: '190',
    });
  });
});
