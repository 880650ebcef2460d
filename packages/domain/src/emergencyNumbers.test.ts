import { describe, expect, it } from 'vitest';
import { emergencyCall, emergencyNumbersOf, isEmergencyNumber } from './emergencyNumbers.ts';

describe('emergency numbers per country', () => {
  it.each([
    ['112', 'SE'],
    ['90000', 'SE'],
    ['90 000', 'SE'],
    ['+46112', 'SE'],
    ['0046112', 'SE'],
    ['+4690000', 'SE'],
    ['110', 'DE'],
    ['112', 'DE'],
    ['15', 'FR'],
    ['17', 'FR'],
    ['18', 'FR'],
    ['999', 'GB'],
    ['112', 'GB'],
    ['+44999', 'GB'],
    ['911', 'US'],
    ['+1911', 'US'],
    ['997', 'PL'],
    ['113', 'IT'],
    ['091', 'ES'],
    ['112', 'ZW'],
    ['911', 'ZW'],
  ])('%s is an emergency number in %s', (dialled, country) => {
    expect(isEmergencyNumber(dialled, country)).toBe(true);
  });

  it.each([
    ['11414', 'SE', 'the police non-emergency line'],
    ['1177', 'SE', 'healthcare advice'],
    ['11313', 'SE', 'the information number for major incidents'],
    ['911', 'SE', 'the US number'],
    ['999', 'SE', 'the UK number'],
    ['110', 'SE', 'the German police number'],
    ['15', 'DE', 'the French ambulance number'],
    ['1001', 'SE', 'an ordinary extension'],
    ['+46812345678', 'SE', 'an ordinary number'],
    ['+49112', 'SE', "Germany's 112 in E.164 form, for a Swedish organisation"],
    ['', 'SE', 'nothing'],
  ])('%s is not an emergency number in %s (%s)', (dialled, country) => {
    expect(isEmergencyNumber(dialled, country)).toBe(false);
  });

  it('sends the digits dialled, or the current number for a retired or foreign code', () => {
    expect(emergencyCall('112', 'SE')).toMatchObject({ number: '112', sendAs: '112' });
    expect(emergencyCall('90000', 'SE')).toMatchObject({ number: '90000', sendAs: '112' });
    expect(emergencyCall('112', 'US')).toMatchObject({ number: '112', sendAs: '911' });
    expect(emergencyCall('+46112', 'SE')).toMatchObject({ number: '112', sendAs: '112' });
  });

  it('gives every EU member state the European emergency number 112', () => {
    const eu = [
      'AT',
      'BE',
      'BG',
      'HR',
      'CY',
      'CZ',
      'DK',
      'EE',
      'FI',
      'FR',
      'DE',
      'GR',
      'HU',
      'IE',
      'IT',
      'LV',
      'LT',
      'LU',
      'MT',
      'NL',
      'PL',
      'PT',
      'RO',
      'SK',
      'SI',
      'ES',
      'SE',
    ];
    const without112 = eu.filter((country) => !emergencyNumbersOf(country).some((e) => e.number === '112'));
    expect(without112).toEqual([]);
    const withOwnTable = eu.filter((country) => emergencyNumbersOf(country) !== emergencyNumbersOf('ZZ'));
    expect(withOwnTable).toEqual(eu);
  });
});
