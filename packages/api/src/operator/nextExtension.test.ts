import { describe, expect, it } from 'vitest';
import { nextExtension } from './organisationService.ts';

describe('the next free extension for a new admin', () => {
  it('starts at 100 and follows the highest numeric extension', () => {
    expect(nextExtension([], 'SE')).toBe('100');
    expect(nextExtension(['100', '101', '105'], 'SE')).toBe('106');
    expect(nextExtension(['12'], 'SE')).toBe('100');
  });

  it('steps over the emergency numbers of the organisation’s country (R92)', () => {
    expect(nextExtension(['111'], 'SE')).toBe('113');
    expect(nextExtension(['109'], 'DE')).toBe('111');
    expect(nextExtension(['109'], 'SE')).toBe('110');
    expect(nextExtension(['998'], 'GB')).toBe('1000');
  });
});
