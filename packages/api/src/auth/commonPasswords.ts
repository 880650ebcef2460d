import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { passwordFieldError, passwordProblem, RuleViolation, type CommonPasswords } from '@vaxel/domain';

let loaded: CommonPasswords | undefined;

/** The list shipped in @vaxel/domain (data/common-passwords.txt), read once. */
export function commonPasswords(): CommonPasswords {
  if (!loaded) {
    const file = createRequire(import.meta.url).resolve('@vaxel/domain/data/common-passwords.txt');
    const lines = readFileSync(file, 'utf8').split('\n');
    loaded = new Set(lines.filter((line) => line !== '' && !line.startsWith('#')));
  }
  return loaded;
}

/**
 * Every place a password is chosen calls this (invitation accept, reset, change, operator-made
 * admin, VAXEL_ADMIN_PASSWORD): a refusal is a 400 naming the field and saying why.
 */
export function assertPasswordAllowed(password: string, email: string | null, path = 'password'): void {
  const problem = passwordProblem(password, { email, commonPasswords: commonPasswords() });
  if (problem) throw new RuleViolation([passwordFieldError(path, problem)]);
}
