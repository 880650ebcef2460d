import { describe, expect, it } from 'vitest';
import { classifyNumber } from './numberClass.ts';
import { countriesOfNumber } from './numberingPlans.ts';

describe('classifyNumber', () => {
  it.each([
    ['+46812345678', 'SE', 'national', 'a Stockholm landline called from Sweden'],
    ['+46701234567', 'SE', 'national', 'a Swedish mobile called from Sweden'],
    ['+4930123456', 'SE', 'international', 'a Berlin number called from Sweden'],
    ['+4930123456', 'DE', 'national', 'a Berlin number called from Germany'],
    ['+46900123456', 'SE', 'premium', "Sweden's 0900"],
    ['+46939123456', 'SE', 'premium', "Sweden's 0939"],
    ['+46944123456', 'SE', 'premium', "Sweden's 0944"],
    ['+46944123456', 'DE', 'premium', "Sweden's 0944 called from abroad"],
    ['+449012345678', 'GB', 'premium', 'UK 09'],
    ['+19005551234', 'US', 'premium', 'US 900'],
    ['+8816123456', 'SE', 'satellite', 'Iridium (+881)'],
    ['+88216123456', 'SE', 'satellite', 'Thuraya (+882)'],
    ['+88350000000', 'SE', 'satellite', 'an international network (+883)'],
    ['+870773123456', 'SE', 'satellite', 'Inmarsat (+870)'],
    ['+12125551234', 'US', 'national', 'New York called from the US'],
    ['+14165551234', 'US', 'national', 'Toronto called from the US: one numbering plan'],
    ['+12125551234', 'CA', 'national', 'New York called from Canada'],
    ['+18765551234', 'US', 'international', 'Jamaica called from the US, although it is +1'],
    ['+12125551234', 'SE', 'international', 'New York called from Sweden'],
    ['+77011234567', 'RU', 'international', 'a Kazakh mobile called from Russia, although it is +7'],
  ])('%s called from %s is %s (%s)', (number, country, expected) => {
    expect(classifyNumber(number, country)).toBe(expected);
  });
});

describe('countriesOfNumber', () => {
  it('gives both countries of the shared US/CA plan, and one for a Caribbean area code', () => {
    expect(countriesOfNumber('+12125551234').countries).toEqual(['US', 'CA']);
    expect(countriesOfNumber('+18095551234').countries).toEqual(['DO']);
  });

  it('gives no country for a code that is none (+800 freephone)', () => {
    expect(countriesOfNumber('+80012345678').countries).toEqual([]);
  });
});
