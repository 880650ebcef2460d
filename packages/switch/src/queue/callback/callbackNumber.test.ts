import { factoryOutboundRules } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import {
  checkCallbackNumber,
  ownCallbackNumber,
  spokenNumberGroups,
  type CallbackNumberFacts,
} from './callbackNumber.ts';

const facts: CallbackNumberFacts = {
  country: 'SE',
  rules: factoryOutboundRules(),
  organisationNumbers: ['+46812345600'],
};

describe('checkCallbackNumber', () => {
  it('reads a typed national number with the organisation’s country', () => {
    expect(checkCallbackNumber('0701234567', facts)).toEqual({ ok: true, number: '+46701234567' });
  });

  it('refuses emergency numbers, typed short or in full', () => {
    expect(checkCallbackNumber('112', facts)).toEqual({ ok: false, reason: 'emergency' });
    expect(checkCallbackNumber('+46112', facts)).toEqual({ ok: false, reason: 'emergency' });
  });

  it('refuses numbers the outbound rules forbid (abroad, premium rate)', () => {
    expect(checkCallbackNumber('004420794600958', facts)).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkCallbackNumber('0939123456', facts)).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('allows a number abroad once the organisation may call that country', () => {
    const abroad = { ...facts, rules: { ...facts.rules, international: { allowed: true, countries: ['GB'] } } };
    expect(checkCallbackNumber('004420794600958', abroad)).toEqual({ ok: true, number: '+4420794600958' });
  });

  it('refuses the organisation’s own numbers and digits that are no number', () => {
    expect(checkCallbackNumber('0812345600', facts)).toEqual({ ok: false, reason: 'ownNumber' });
    expect(checkCallbackNumber('1234', facts)).toEqual({ ok: false, reason: 'unreadable' });
  });
});

describe('ownCallbackNumber', () => {
  it('is an outside caller’s number, and none for a withheld number or a colleague', () => {
    expect(ownCallbackNumber({ type: 'trunk', trunkId: 't', number: '+46701234567', name: null }, facts)).toBe(
      '+46701234567',
    );
    expect(ownCallbackNumber({ type: 'trunk', trunkId: 't', number: 'anonymous', name: null }, facts)).toBeNull();
    expect(
      ownCallbackNumber({ type: 'user', userId: 'u', extension: '1001', number: '1001', name: 'Alice' }, facts),
    ).toBeNull();
  });
});

describe('spokenNumberGroups', () => {
  it('reads a Swedish mobile number as it is written, 070-123 45 67', () => {
    expect(spokenNumberGroups('+46701234567', 'SE')).toBe('0 7 0, 1 2 3, 4 5, 6 7');
  });

  it('reads a Stockholm number with its one-digit area code first, and an odd rest with a group of three', () => {
    expect(spokenNumberGroups('+46812345678', 'SE')).toBe('0 8, 1 2, 3 4, 5 6, 7 8');
    expect(spokenNumberGroups('+4631123456', 'SE')).toBe('0 3 1, 1 2, 3 4, 5 6');
    expect(spokenNumberGroups('+46311234567', 'SE')).toBe('0 3 1, 1 2 3, 4 5, 6 7');
  });

  it('reads a number abroad with plus and its country code', () => {
    expect(spokenNumberGroups('+4420794600958', 'SE')).toBe('plus 4 4, 2 0 7, 9 4, 6 0, 0 9, 5 8');
  });
});
