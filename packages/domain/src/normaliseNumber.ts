/**
 * Phone numbers as people type them, read the way the organisation's country dials
 * (ITU-T E.164 for the result, E.123 for the written forms): `070-123 45 67`, `08-123 456`,
 * `+46 70 123 45 67`, `+46 (0)70 123 45 67` and `0046 70 123 45 67` are all +46701234567 in Sweden.
 */

/**
 * How a country dials: its country calling code, the trunk prefix that starts a national number
 * (0 in most of Europe, 06 in Hungary, 1 in the NANP, none where the full national number is
 * always dialled), the prefix that starts an international one, and the length of a national
 * number where the plan fixes it.
 */
export type DiallingPlan = {
  callingCode: string;
  trunkPrefix: string | null;
  internationalPrefix: string;
  /** Digits of a national number after the trunk prefix, where every number has the same length. */
  nationalDigits?: number;
  /** The NANP: a ten-digit number may be dialled without its trunk prefix 1. */
  trunkPrefixOptional?: boolean;
};

const europe = (callingCode: string, trunkPrefix: string | null = '0', nationalDigits?: number): DiallingPlan => ({
  callingCode,
  trunkPrefix,
  internationalPrefix: '00',
  ...(nationalDigits ? { nationalDigits } : {}),
});
const nanp: DiallingPlan = {
  callingCode: '1',
  trunkPrefix: '1',
  internationalPrefix: '011',
  nationalDigits: 10,
  trunkPrefixOptional: true,
};

/** ISO 3166-1 alpha-2 → dialling plan, for the countries Växel's operators serve. */
export const diallingPlans: Readonly<Record<string, DiallingPlan>> = {
  SE: europe('46'),
  NO: europe('47', null, 8),
  DK: europe('45', null, 8),
  FI: europe('358'),
  IS: europe('354', null, 7),
  DE: europe('49'),
  AT: europe('43'),
  CH: europe('41'),
  LI: europe('423', null, 7),
  NL: europe('31'),
  BE: europe('32'),
  LU: europe('352', null),
  FR: europe('33', '0', 9),
  MC: europe('377', null),
  IE: europe('353'),
  GB: europe('44'),
  ES: europe('34', null, 9),
  PT: europe('351', null, 9),
  // Italian numbers keep their leading 0 after the country code (+39 06 …): no trunk prefix.
  IT: europe('39', null),
  GR: europe('30', null, 10),
  CY: europe('357', null, 8),
  MT: europe('356', null, 8),
  PL: europe('48', null, 9),
  CZ: europe('420', null, 9),
  SK: europe('421'),
  SI: europe('386'),
  HR: europe('385'),
  HU: europe('36', '06'),
  RO: europe('40'),
  BG: europe('359'),
  EE: europe('372', null),
  LV: europe('371', null, 8),
  US: nanp,
  CA: nanp,
  AU: { callingCode: '61', trunkPrefix: '0', internationalPrefix: '0011' },
  NZ: { callingCode: '64', trunkPrefix: '0', internationalPrefix: '00' },
};

/** Why a text could not be read as a phone number; the console words each for the person typing. */
export type NumberProblem =
  | 'empty'
  /** Letters or signs other than digits, spaces, dashes, dots, slashes, brackets and a leading +. */
  | 'characters'
  /** A national number without its trunk prefix (an area code is missing): `8123456` in Sweden. */
  | 'noAreaCode'
  /** A national number in a country whose dialling plan Växel does not know: write +CC… instead. */
  | 'needsCountryCode'
  | 'tooShort'
  | 'tooLong'
  /** `+0…`: no country calling code starts with 0. */
  | 'badCountryCode';

export type NumberReading = { ok: true; e164: string } | { ok: false; problem: NumberProblem };

/** Characters written between digit groups (E.123 §7: spaces; in practice also these). */
const separators = /[\s\-\u2010-\u2015\u2212.\/()]/g;

/** Reads a typed phone number in the given country (ISO 3166-1 alpha-2) as E.164. Pure. */
export function normaliseNumber(input: string, country: string): NumberReading {
  // NFKC turns full-width digits and no-break spaces into their plain forms.
  let text = input.normalize('NFKC').trim();
  if (text === '') return { ok: false, problem: 'empty' };
  const plan = diallingPlans[country.toUpperCase()];
  // "+44 (0)20 …": the bracketed trunk prefix is not dialled after a country code.
  text = text.replace(/^(\+|00)(\d{1,3})\s*\(0\)/, '$1$2');
  const compact = text.replace(separators, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, problem: 'characters' };

  let international: string;
  if (compact.startsWith('+')) {
    international = compact.slice(1);
  } else if (plan && compact.startsWith(plan.internationalPrefix)) {
    international = compact.slice(plan.internationalPrefix.length);
  } else if (!plan) {
    // 00 is ITU-T's recommended international prefix (E.164 Annex); without a plan nothing else can be read.
    if (!compact.startsWith('00')) return { ok: false, problem: 'needsCountryCode' };
    international = compact.slice(2);
  } else {
    const national = nationalDigits(compact, plan);
    if (typeof national !== 'string') return national;
    international = plan.callingCode + national;
  }
  const checked = checkE164(international);
  return checked.problem ? { ok: false, problem: checked.problem } : { ok: true, e164: `+${international}` };
}

function nationalDigits(digits: string, plan: DiallingPlan): string | { ok: false; problem: NumberProblem } {
  let national: string;
  if (plan.trunkPrefix === null) national = digits;
  else if (
    digits.startsWith(plan.trunkPrefix) &&
    !(plan.trunkPrefixOptional && digits.length === plan.nationalDigits)
  ) {
    national = digits.slice(plan.trunkPrefix.length);
  } else if (plan.trunkPrefixOptional) national = digits;
  else return { ok: false, problem: 'noAreaCode' };
  if (plan.nationalDigits !== undefined) {
    if (national.length < plan.nationalDigits) return { ok: false, problem: 'tooShort' };
    if (national.length > plan.nationalDigits) return { ok: false, problem: 'tooLong' };
  }
  if (national.length === 0) return { ok: false, problem: 'tooShort' };
  return national;
}

/** ITU-T E.164: a country code that does not start with 0, and 7 to 15 digits in all. */
function checkE164(digits: string): { problem?: NumberProblem } {
  if (digits.startsWith('0')) return { problem: 'badCountryCode' };
  if (digits.length < 7) return { problem: 'tooShort' };
  if (digits.length > 15) return { problem: 'tooLong' };
  return {};
}
