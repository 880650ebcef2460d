import { describe, expect, it } from 'vitest';
import { RuleViolation } from './errors.ts';
import { checkExtension, emergencyExtensionProblem } from './extensionRules.ts';

describe('extensions and emergency numbers', () => {
  it.each([
    ['112', 'SE'],
    ['90000', 'SE'],
    ['110', 'DE'],
    ['18', 'FR'],
    ['999', 'GB'],
    ['911', 'US'],
  ])('refuses extension %s in %s', (extension, country) => {
    expect(emergencyExtensionProblem(extension, country)).toMatch(/emergency number.*must not shadow/);
  });

  it.each([
    ['110', 'SE'],
    ['1177', 'SE'],
    ['999', 'DE'],
    ['100', 'SE'],
  ])('accepts extension %s in %s', (extension, country) => {
    expect(emergencyExtensionProblem(extension, country)).toBeNull();
  });

  it('names the field that is wrong', () => {
    expect(() => checkExtension('extension', '112', 'SE')).toThrow(RuleViolation);
    try {
      checkExtension('extension', '112', 'SE');
    } catch (error) {
      expect((error as RuleViolation).errors).toEqual([{ path: 'extension', message: expect.stringContaining('112') }]);
    }
  });
});
