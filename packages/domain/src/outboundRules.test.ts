import { describe, expect, it } from 'vitest';
import { RuleViolation } from './errors.ts';
import { checkOutboundRules, factoryOutboundRules, outboundVerdict, type OutboundRules } from './outboundRules.ts';

const factory = factoryOutboundRules();
const withCountries = (...countries: string[]): OutboundRules => ({
  ...factory,
  international: { allowed: true, countries },
});
const everything: OutboundRules = {
  ...factory,
  international: { allowed: true, countries: ['DE', 'GB', 'US'] },
  premium: { allowed: true },
  satellite: { allowed: true },
};

describe('outboundVerdict under the factory rules of a Swedish organisation', () => {
  it.each([
    ['+46812345678', true, 'national numbers are allowed'],
    ['112', true, 'the emergency number is allowed'],
    ['90000', true, 'the former emergency number is allowed'],
    ['+4930123456', false, 'international numbers are refused'],
    ['+46900123456', false, 'premium numbers are refused'],
    ['+8816123456', false, 'satellite numbers are refused'],
  ])('%s → allowed %s (%s)', (number, allowed) => {
    expect(outboundVerdict(number, factory, 'SE').allowed).toBe(allowed);
  });

  it('names the reason of a refusal', () => {
    expect(outboundVerdict('+4930123456', factory, 'SE')).toMatchObject({
      allowed: false,
      reason: 'international_not_allowed',
    });
    expect(outboundVerdict('+46900123456', factory, 'SE')).toMatchObject({
      allowed: false,
      reason: 'premium_not_allowed',
    });
    expect(outboundVerdict('+8816123456', factory, 'SE')).toMatchObject({
      allowed: false,
      reason: 'satellite_not_allowed',
    });
  });

  it('marks an emergency number as such', () => {
    expect(outboundVerdict('112', factory, 'SE')).toMatchObject({ allowed: true, emergency: true });
  });
});

describe('outboundVerdict with international calls on', () => {
  it('allows a country on the allowlist and refuses one that is not', () => {
    expect(outboundVerdict('+4930123456', withCountries('DE'), 'SE').allowed).toBe(true);
    expect(outboundVerdict('+33123456789', withCountries('DE'), 'SE')).toMatchObject({
      allowed: false,
      reason: 'country_not_allowed',
    });
  });

  it('allows the shared US/CA plan when either country is listed, but not the Caribbean', () => {
    expect(outboundVerdict('+14165551234', withCountries('US'), 'SE').allowed).toBe(true);
    expect(outboundVerdict('+12125551234', withCountries('CA'), 'SE').allowed).toBe(true);
    expect(outboundVerdict('+18765551234', withCountries('US'), 'SE')).toMatchObject({
      allowed: false,
      reason: 'country_not_allowed',
    });
  });

  it('still refuses a premium number of an allowed country until premium numbers are allowed', () => {
    expect(outboundVerdict('+449012345678', withCountries('GB'), 'SE')).toMatchObject({
      allowed: false,
      reason: 'premium_not_allowed',
    });
    expect(outboundVerdict('+449012345678', { ...withCountries('GB'), premium: { allowed: true } }, 'SE').allowed).toBe(
      true,
    );
  });

  it('refuses a premium number abroad when premium is allowed but the country is not', () => {
    expect(outboundVerdict('+449012345678', { ...factory, premium: { allowed: true } }, 'SE')).toMatchObject({
      allowed: false,
      reason: 'international_not_allowed',
    });
  });

  it('allows satellite numbers by their own flag alone', () => {
    expect(outboundVerdict('+8816123456', { ...factory, satellite: { allowed: true } }, 'SE').allowed).toBe(true);
  });

  it('keeps the allowlist while international calls are off, without obeying it', () => {
    const off: OutboundRules = { ...factory, international: { allowed: false, countries: ['DE'] } };
    expect(outboundVerdict('+4930123456', off, 'SE').allowed).toBe(false);
  });

  it('allows everything when everything is allowed', () => {
    for (const number of ['+4930123456', '+442071234567', '+19005551234', '+8816123456']) {
      expect(outboundVerdict(number, everything, 'SE').allowed, number).toBe(true);
    }
  });
});

describe('checkOutboundRules', () => {
  const pathsOf = (rules: OutboundRules, country = 'SE') => {
    try {
      checkOutboundRules(rules, country);
      return [];
    } catch (error) {
      if (!(error instanceof RuleViolation)) throw error;
      return error.errors.map((e) => e.path);
    }
  };

  it('accepts the factory rules and a plain allowlist', () => {
    expect(pathsOf(factory)).toEqual([]);
    expect(pathsOf(withCountries('DE', 'NO', 'US'))).toEqual([]);
  });

  it('refuses an unknown country, a country listed twice and the organisation’s own, each at its place', () => {
    expect(pathsOf(withCountries('XX'))).toEqual(['international.countries[0]']);
    expect(pathsOf(withCountries('DE', 'NO', 'DE'))).toEqual(['international.countries[2]']);
    expect(pathsOf(withCountries('NO', 'SE'))).toEqual(['international.countries[1]']);
  });
});
