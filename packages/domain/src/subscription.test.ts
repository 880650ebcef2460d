import { describe, expect, it } from 'vitest';
import { allowance, canCreateAnother } from './subscription.ts';

describe('allowance', () => {
  it('gives the light package two response groups and two IVR menus', () => {
    expect(allowance('light', 'responseGroup', 0, 0).total).toBe(2);
    expect(allowance('light', 'ivrMenu', 0, 0).total).toBe(2);
  });

  it('adds what was bought to what the light package includes', () => {
    expect(allowance('light', 'responseGroup', 3, 0).total).toBe(5);
  });

  it('refuses one more when everything included and bought is used', () => {
    expect(canCreateAnother(allowance('light', 'responseGroup', 1, 3))).toBe(false);
    expect(canCreateAnother(allowance('light', 'responseGroup', 1, 2))).toBe(true);
  });

  it('never limits the unlimited package', () => {
    const a = allowance('unlimited', 'ivrMenu', 0, 1000);
    expect(a.total).toBeNull();
    expect(canCreateAnother(a)).toBe(true);
  });
});
