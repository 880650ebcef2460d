import { describe, expect, it } from 'vitest';
import { nextExtension } from './organisationService.ts';

describe('the next free extension for a new admin', () => {
  it('starts at 100 and follows the highest numeric extension', () => {
    expect(nextExtension([])).toBe('100');
    expect(nextExtension(['100', '101', '105'])).toBe('106');
    expect(nextExtension(['12'])).toBe('100');
  });
});
