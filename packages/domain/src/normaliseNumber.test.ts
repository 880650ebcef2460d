import { describe, expect, it } from 'vitest';
import { normaliseNumber } from './normaliseNumber.ts';

const read = (input: string, country: string) => {
  const reading = normaliseNumber(input, country);
  return reading.ok ? reading.e164 : reading.problem;
};

describe('normaliseNumber reads numbers the way the country dials', () => {
  it.each([
    // Sweden: trunk prefix 0, international prefix 00.
    ['070-123 45 67', 'SE', '+46701234567'],
    ['08-123 456', 'SE', '+468123456'],
    ['+46 70 123 45 67', 'SE', '+46701234567'],
    ['0046701234567', 'SE', '+46701234567'],
    ['00 46 70-123 45 67', 'SE', '+46701234567'],
    ['+46 (0)70 123 45 67', 'SE', '+46701234567'],
    ['(08) 123 45 67', 'SE', '+4681234567'],
    ['070.123.45.67', 'SE', '+46701234567'],
    ['070‑123 45 67', 'SE', '+46701234567'],
    ['０７０１２３４５６７', 'SE', '+46701234567'],
    ['+46701234567', 'SE', '+46701234567'],
    ['00 44 20 7946 0018', 'SE', '+442079460018'],
    // The United Kingdom: 0…, and the (0) written after +44.
    ['020 7946 0018', 'GB', '+442079460018'],
    ['07700 900123', 'GB', '+447700900123'],
    ['+44 (0)20 7946 0018', 'GB', '+442079460018'],
    // Germany, Finland, France: trunk prefix 0.
    ['030 1234567', 'DE', '+49301234567'],
    ['09 1234 567', 'FI', '+35891234567'],
    ['01 23 45 67 89', 'FR', '+33123456789'],
    // Hungary: trunk prefix 06.
    ['06 1 234 5678', 'HU', '+3612345678'],
    // No trunk prefix: the whole national number is dialled, in Italy with its leading 0.
    ['22 33 44 55', 'NO', '+4722334455'],
    ['32 12 34 56', 'DK', '+4532123456'],
    ['06 1234 5678', 'IT', '+390612345678'],
    ['912 345 678', 'ES', '+34912345678'],
    // The NANP: 011 abroad, 1 optional before the ten digits.
    ['(212) 555-0123', 'US', '+12125550123'],
    ['1 212 555 0123', 'US', '+12125550123'],
    ['011 46 70 123 45 67', 'US', '+46701234567'],
    ['+1 416 555 0199', 'CA', '+14165550199'],
    // Australia: 0011 abroad.
    ['0011 46 8 123 456', 'AU', '+468123456'],
    ['02 9876 5432', 'AU', '+61298765432'],
  ])('%s in %s is %s', (input, country, e164) => {
    expect(read(input, country)).toBe(e164);
  });
});

describe('normaliseNumber says why it cannot read a number', () => {
  it.each([
    ['', 'SE', 'empty'],
    ['   ', 'SE', 'empty'],
    ['070-CALL-NOW', 'SE', 'characters'],
    ['+46 70 123 45 67 ext. 12', 'SE', 'characters'],
    ['46701234567', 'SE', 'noAreaCode'],
    ['8123456', 'SE', 'noAreaCode'],
    ['08-12', 'SE', 'tooShort'],
    ['070 1234 5678 9012 345', 'SE', 'tooLong'],
    ['+0701234567', 'SE', 'badCountryCode'],
    ['2233445', 'NO', 'tooShort'],
    ['555 0123', 'US', 'tooShort'],
    ['070 123 45 67', 'ZZ', 'needsCountryCode'],
  ])('%j in %s: %s', (input, country, problem) => {
    expect(read(input, country)).toBe(problem);
  });

  it('reads international forms even where the dialling plan is unknown', () => {
    expect(read('+46 70 123 45 67', 'ZZ')).toBe('+46701234567');
    expect(read('0046 70 123 45 67', 'ZZ')).toBe('+46701234567');
  });

  it('takes the country code in either case', () => {
    expect(read('070-123 45 67', 'se')).toBe('+46701234567');
  });
});
