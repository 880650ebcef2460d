/**
 * Which number a queued caller may be called back on (R14), as pure rules: the number is read the
 * way the organisation's country dials (domain `normaliseNumber`), and it must be a number the
 * organisation's own calls may reach (R91 `outboundVerdict`: a callback is a call the switch
 * places, so toll-fraud rules apply). An emergency number is never a callback number, although
 * outbound rules always let emergency calls through: nobody asked the emergency service to ring
 * back, and a queue must not be a way to flood it. Nor is one of the organisation's own numbers,
 * which would ring straight back into the switch.
 */
import { diallingPlans, isEmergencyNumber, normaliseNumber, outboundVerdict, type OutboundRules } from '@vaxel/domain';
import type { FlowCaller } from '../../flow/step.ts';

export interface CallbackNumberFacts {
  /** The organisation's country (ISO 3166-1 alpha-2). */
  country: string;
  rules: OutboundRules;
  /** The organisation's own numbers (E.164). */
  organisationNumbers: readonly string[];
}

export type CallbackNumberCheck =
  { ok: true; number: string } | { ok: false; reason: 'unreadable' | 'emergency' | 'ownNumber' | 'forbidden' };

/** Whether `typed` (digits as keyed, or a number as a carrier sent it) may be called back. */
export function checkCallbackNumber(typed: string, facts: CallbackNumberFacts): CallbackNumberCheck {
  // Checked on the text as typed too: "112" is no number normaliseNumber reads, but it is an emergency call.
  if (isEmergencyNumber(typed, facts.country)) return { ok: false, reason: 'emergency' };
  const reading = normaliseNumber(typed, facts.country);
  if (!reading.ok) return { ok: false, reason: 'unreadable' };
  const number = reading.e164;
  if (isEmergencyNumber(number, facts.country)) return { ok: false, reason: 'emergency' };
  if (facts.organisationNumbers.includes(number)) return { ok: false, reason: 'ownNumber' };
  if (!outboundVerdict(number, facts.rules, facts.country).allowed) return { ok: false, reason: 'forbidden' };
  return { ok: true, number };
}

/**
 * The caller's own number, if it can be called back: an outside caller's number as the trunk
 * sent it; null for a withheld or unusable one and for a colleague calling from their phone
 * (an extension is not reached through the trunk), who then types a number.
 */
export function ownCallbackNumber(caller: FlowCaller, facts: CallbackNumberFacts): string | null {
  if (caller.type !== 'trunk') return null;
  const checked = checkCallbackNumber(caller.number, facts);
  return checked.ok ? checked.number : null;
}

/**
 * A number as text-to-speech should read it back, in the digit groups people write it in
 * (E.123): a number of the organisation's country nationally with its trunk prefix, the area
 * code first, then the rest in pairs from the end with a three-digit group first when odd —
 * +46701234567 is "0 7 0, 1 2 3, 4 5, 6 7" (070-123 45 67); other numbers as "plus", the country
 * code, then pairs. Digits apart, groups by commas, so the voice pauses between groups.
 */
export function spokenNumberGroups(e164: string, country: string): string {
  const digits = e164.replace(/^\+/, '');
  const plan = diallingPlans[country.toUpperCase()];
  let groups: string[];
  if (plan && digits.startsWith(plan.callingCode)) {
    const national = digits.slice(plan.callingCode.length);
    const prefix = plan.trunkPrefix ?? '';
    // The area code: two digits after the trunk prefix (070, 031), one for the few one-digit codes
    // (Stockholm's 08). Only the pauses depend on it: every digit is read either way.
    const areaLength = Math.min(
      national.length,
      oneDigitAreaCodes[country.toUpperCase()]?.includes(national[0] ?? '') ? 1 : 2,
    );
    groups = [prefix + national.slice(0, areaLength), ...pairs(national.slice(areaLength))];
  } else {
    const code = callingCodeLength(digits);
    return [`plus ${spaced(digits.slice(0, code))}`, ...pairs(digits.slice(code)).map(spaced)].join(', ');
  }
  return groups.map(spaced).join(', ');
}

/** National significant numbers whose area code is one digit, by country. */
const oneDigitAreaCodes: Record<string, string> = { SE: '8' };

function pairs(rest: string): string[] {
  const groups: string[] = [];
  let i = 0;
  if (rest.length % 2 === 1) {
    groups.push(rest.slice(0, 3));
    i = 3;
  }
  for (; i < rest.length; i += 2) groups.push(rest.slice(i, i + 2));
  return groups.filter((g) => g !== '');
}

const spaced = (group: string) => group.split('').join(' ');

/** Country calling codes are one to three digits (ITU-T E.164 §6); the plans Växel knows decide, else two. */
function callingCodeLength(digits: string): number {
  const codes = Object.values(diallingPlans).map((p) => p.callingCode);
  for (const length of [3, 2, 1]) if (codes.includes(digits.slice(0, length))) return length;
  return 2;
}
