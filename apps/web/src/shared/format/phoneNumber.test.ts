import type { ComboboxItem } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { nationalForm, phoneNumberFilter, readPhoneNumber } from './phoneNumber.ts';

describe('reading a typed phone number in the console', () => {
  it('gives E.164 for the national and international ways of writing it', () => {
    expect(readPhoneNumber('070-123 45 67', 'SE')).toEqual({ kind: 'number', e164: '+46701234567' });
    expect(readPhoneNumber('08-123 456', 'SE')).toEqual({ kind: 'number', e164: '+468123456' });
    expect(readPhoneNumber('020 7946 0018', 'GB')).toEqual({ kind: 'number', e164: '+442079460018' });
  });

  it('keeps an extension as typed only where the field takes extensions', () => {
    expect(readPhoneNumber('101', 'SE', { extensions: true })).toEqual({ kind: 'extension', digits: '101' });
    expect(readPhoneNumber('101', 'SE')).toEqual({ kind: 'problem', problem: 'noAreaCode' });
  });

  it('says nothing about an empty field', () => {
    expect(readPhoneNumber('  ', 'SE')).toEqual({ kind: 'empty' });
  });
});

describe('the national form of a number', () => {
  it('puts the trunk prefix back in place of the country code', () => {
    expect(nationalForm('+46701234567', 'SE')).toBe('0701234567');
    expect(nationalForm('+4722334455', 'NO')).toBe('22334455');
    expect(nationalForm('+442079460018', 'SE')).toBeNull();
  });
});

describe('finding one of the organisation’s numbers as people say it', () => {
  const options: ComboboxItem[] = [
    { value: '', label: 'None' },
    { value: '+46701234567', label: '+46701234567 (mobile)' },
    { value: '+4681234560', label: '+4681234560 (landline)' },
  ];
  const found = (search: string) =>
    phoneNumberFilter('SE')({ options, search, limit: Infinity }).map((o) => ('value' in o ? o.value : 'group'));

  it.each([
    ['070-123 45 67', ['+46701234567']],
    ['070 12', ['+46701234567']],
    ['+46 70', ['+46701234567']],
    ['0046 70 123 45 67', ['+46701234567']],
    ['08-123', ['+4681234560']],
    ['landline', ['+4681234560']],
    ['', ['', '+46701234567', '+4681234560']],
    ['031', []],
  ])('%j finds %j', (search, values) => {
    expect(found(search)).toEqual(values);
  });
});
