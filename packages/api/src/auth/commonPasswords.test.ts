import { RuleViolation } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { assertPasswordAllowed, commonPasswords } from './commonPasswords.ts';

describe('the shipped list of common passwords', () => {
  it('holds the long common passwords, repetitions, digit runs and keyboard walks, in lower case', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(5000);
    for (const p of ['passwordpassword', '123456789012', 'qwertyuiopas', '1qaz2wsx3edc', 'qwerty123456'])
      expect(list.has(p)).toBe(true);
    expect([...list].every((p) => [...p].length >= 12 && p === p.toLowerCase())).toBe(true);
  });

  it('refuses a common password with a field error naming the problem, and lets a passphrase through', () => {
    const error = (() => {
      try {
        assertPasswordAllowed('Password1234', 'ceo@neworg.test', 'newPassword');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(RuleViolation);
    expect((error as RuleViolation).errors).toEqual([
      { path: 'newPassword', message: expect.stringContaining('too common'), code: 'password_common' },
    ]);
    expect(() => assertPasswordAllowed('a meadow of blue lupins', 'ceo@neworg.test')).not.toThrow();
  });
});
