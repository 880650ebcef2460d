import { describe, expect, it } from 'vitest';
import { passwordFieldError, passwordProblem } from './passwordPolicy.ts';

const commonPasswords = new Set(['123456789012', 'passwordpassword', 'qwertyuiopas']);
const check = (password: string, email: string | null = 'ceo@neworg.test') =>
  passwordProblem(password, { email, commonPasswords });

describe('the password policy (NIST SP 800-63B)', () => {
  it('accepts a long passphrase of any characters, without composition rules', () => {
    expect(check('correct horse battery')).toBeNull();
    expect(check('alllowercaseletters')).toBeNull();
    expect(check('grön äng och blå sjö')).toBeNull();
  });

  it('counts code points, so twelve emoji are twelve characters and eleven are too few', () => {
    expect(check('🐘🦒🦓🐅🐆🦍🦧🐪🐫🦙🦘🦥')).toBeNull();
    expect(check('🐘🦒🦓🐅🐆🦍🦧🐪🐫🦙🦘')).toBe('too_short');
  });

  it('refuses fewer than 12 and more than 128 characters', () => {
    expect(check('eleven char')).toBe('too_short');
    expect(check('twelve chars')).toBeNull();
    expect(check(`${'long passphrase '.repeat(8)}`)).toBeNull();
    expect(check(`${'long passphrase '.repeat(8)}x`)).toBe('too_long');
  });

  it('measures the NFKC form the hash uses: a ligature is two letters', () => {
    // U+FB03 "ﬃ" is "ffi" under NFKC: four of them are twelve characters, and a repetition.
    expect(check('ﬃﬃﬃﬃ')).toBe('repetitive');
    expect(check('a ﬃne day out')).toBeNull();
  });

  it('refuses control characters and lone surrogates', () => {
    expect(check('tab\there and more')).toBe('not_printable');
    expect(check('broken \uD800 surrogate text')).toBe('not_printable');
  });

  it('refuses a common password, whatever its case', () => {
    expect(check('PasswordPassword')).toBe('common');
    expect(check('123456789012')).toBe('common');
    expect(check('QWERTYuiopas')).toBe('common');
  });

  it('refuses a short piece repeated, such as aaaaaaaaaaaa or abcabcabcabc', () => {
    expect(check('aaaaaaaaaaaa')).toBe('repetitive');
    expect(check('abcabcabcabc')).toBe('repetitive');
    expect(check('sommarsommar')).toBe('repetitive');
    expect(check('sommarsommarsommar')).toBe('repetitive');
    expect(check('sommarvinter')).toBeNull();
  });

  it('refuses the email address itself and its name part repeated', () => {
    expect(check('CEO@NewOrg.test', 'ceo@neworg.test')).toBe('email');
    expect(check('annikaannika', 'annika@neworg.test')).toBe('email');
    expect(check('annikaannikaannika', 'annika@neworg.test')).toBe('email');
    expect(check('annika at neworg', 'annika@neworg.test')).toBeNull();
    expect(check('annikaannika', null)).toBe('repetitive');
  });

  it('names the field and the problem in its error, for the console to translate', () => {
    expect(passwordFieldError('newPassword', 'common')).toEqual({
      path: 'newPassword',
      message: expect.stringContaining('too common'),
      code: 'password_common',
    });
  });
});
