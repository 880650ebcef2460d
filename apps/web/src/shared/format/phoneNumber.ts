import type { ComboboxItem, ComboboxParsedItem, OptionsFilter } from '@mantine/core';
import { diallingPlans, normaliseNumber, type NumberProblem } from '@vaxel/domain';
import type { TFunction } from 'i18next';

/**
 * What a typed phone number is, read with the organisation's country (domain normaliseNumber):
 * an E.164 number, an internal extension where the field takes one (the call-log filter), or a
 * problem the person typing is told about.
 */
export type PhoneReading =
  | { kind: 'empty' }
  | { kind: 'number'; e164: string }
  | { kind: 'extension'; digits: string }
  | { kind: 'problem'; problem: Exclude<NumberProblem, 'empty'> };

export function readPhoneNumber(text: string, country: string, options: { extensions?: boolean } = {}): PhoneReading {
  const trimmed = text.trim();
  if (options.extensions && /^\d{1,6}$/.test(trimmed)) return { kind: 'extension', digits: trimmed };
  const reading = normaliseNumber(text, country);
  if (reading.ok) return { kind: 'number', e164: reading.e164 };
  return reading.problem === 'empty' ? { kind: 'empty' } : { kind: 'problem', problem: reading.problem };
}

/** The inline message for a number that cannot be read, in the console's language. */
export function phoneProblemMessage(t: TFunction, problem: Exclude<NumberProblem, 'empty'>, country: string): string {
  return t(`phone.problems.${problem}`, { callingCode: diallingPlans[country]?.callingCode ?? '46' });
}

/** How a number in E.164 is dialled at home: +46701234567 → 0701234567 in Sweden. */
export function nationalForm(e164: string, country: string): string | null {
  const plan = diallingPlans[country];
  if (!plan || !e164.startsWith(`+${plan.callingCode}`)) return null;
  return (plan.trunkPrefix ?? '') + e164.slice(plan.callingCode.length + 1);
}

/**
 * A filter for pickers of the organisation's numbers (Mantine Select), so a number can be found
 * as people say it: `070-123 45 67`, `070 12`, `+46 70`, `0046 70 123 45 67` all find +46701234567.
 */
export function phoneNumberFilter(country: string): OptionsFilter {
  return ({ options, search }) => {
    const query = search.trim().toLowerCase();
    if (!query) return options;
    const reading = normaliseNumber(search, country);
    const plan = diallingPlans[country];
    let compact = search.normalize('NFKC').replace(/[^\d+]/g, '');
    if (plan && compact.startsWith(plan.internationalPrefix))
      compact = `+${compact.slice(plan.internationalPrefix.length)}`;
    const matches = (item: ComboboxItem) =>
      item.label.toLowerCase().includes(query) ||
      (reading.ok && item.value === reading.e164) ||
      (compact.length > 1 &&
        (item.value.includes(compact) || (nationalForm(item.value, country) ?? '').includes(compact)));
    return options.flatMap((option): ComboboxParsedItem[] => {
      if ('group' in option) {
        const items = option.items.filter(matches);
        return items.length ? [{ ...option, items }] : [];
      }
      return matches(option) ? [option] : [];
    });
  };
}
