import type { FieldError } from './errors.ts';

/**
 * The password policy of NIST SP 800-63B §5.1.1.2 ("Memorized Secret Verifiers"): at least 12
 * characters counted as code points, at most 128, any printable Unicode (spaces and emoji
 * included), normalised with NFKC as the hash does (auth/password.ts), no composition rules, and
 * refused when it is a commonly used password, a repetitive pattern, or the person's own email.
 * One function, used wherever a password is chosen: accepting an invitation, a reset, a change,
 * an operator-created admin, VAXEL_ADMIN_PASSWORD. The list of common passwords is handed in (the
 * api loads data/common-passwords.txt), so this stays pure.
 */
export const passwordLimits = { minLength: 12, maxLength: 128 } as const;

export type PasswordProblem = 'too_short' | 'too_long' | 'not_printable' | 'common' | 'repetitive' | 'email';

/** Lower-case common passwords (see data/common-passwords.txt). */
export type CommonPasswords = ReadonlySet<string>;

/** English messages; the console shows its own Swedish and English text for each problem. */
export const passwordProblemMessages: Record<PasswordProblem, string> = {
  too_short: `must be at least ${passwordLimits.minLength} characters`,
  too_long: `must be at most ${passwordLimits.maxLength} characters`,
  not_printable: 'must not contain control characters or invalid Unicode',
  common: 'is too common: it is on a list of passwords attackers try first; choose another',
  repetitive: 'is a repeated pattern (such as abcabcabcabc) that attackers try first; choose another',
  email: 'must not be your email address or a repetition of its name part',
};

// Controls (tab, newline …), lone surrogates and unassigned code points cannot be typed reliably.
const unprintable = /[\p{Cc}\p{Cs}\p{Cn}]/u;

/** Why the password is refused, or null when it may be used. */
export function passwordProblem(
  password: string,
  context: { email?: string | null; commonPasswords: CommonPasswords },
): PasswordProblem | null {
  if (unprintable.test(password)) return 'not_printable';
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < passwordLimits.minLength) return 'too_short';
  if (length > passwordLimits.maxLength) return 'too_long';
  const lower = normalised.toLowerCase();
  if (context.email && isEmailLike(lower, context.email)) return 'email';
  if (context.commonPasswords.has(lower)) return 'common';
  const unit = repeatedUnit(lower);
  // "aaaaaaaaaaaa", "abcabcabcabc", "qwertyqwerty": a short piece said again (longer repeated
  // common words such as "passwordpassword" are in the list itself).
  if (unit !== null && [...unit].length <= 6) return 'repetitive';
  return null;
}

/** The field error for a refused password, with the problem as `code` for the console's translation. */
export function passwordFieldError(path: string, problem: PasswordProblem): FieldError {
  return { path, message: passwordProblemMessages[problem], code: `password_${problem}` };
}

function isEmailLike(lower: string, email: string): boolean {
  const address = email.trim().normalize('NFKC').toLowerCase();
  if (lower === address) return true;
  const local = address.split('@')[0] ?? '';
  if (local.length === 0) return false;
  return lower.length % local.length === 0 && local.repeat(lower.length / local.length) === lower;
}

/** The shortest piece that, repeated two or more times, makes up the whole text; null if none. */
function repeatedUnit(text: string): string | null {
  const chars = [...text];
  for (let size = 1; size <= chars.length / 2; size++) {
    if (chars.length % size !== 0) continue;
    const unit = chars.slice(0, size).join('');
    if (unit.repeat(chars.length / size) === text) return unit;
  }
  return null;
}
