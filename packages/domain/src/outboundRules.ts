import { z } from 'zod';
import { emergencyCall } from './emergencyNumbers.ts';
import { RuleViolation, type FieldError } from './errors.ts';
import { classifyNumber, type NumberClass } from './numberClass.ts';
import { countriesOfNumber, isKnownCountry } from './numberingPlans.ts';
import { factoryOutboundLimits, OutboundLimits } from './outboundLimits.ts';
import { Country } from './primitives.ts';

/**
 * R91: which outside numbers the organisation's calls may reach (toll fraud, issue 10). National
 * calls are always allowed and emergency numbers always pass; everything else is off until an
 * admin turns it on. The switch obeys these for every call it places to an outside number (a
 * user's own call, forwarding, destinations of menus and groups) and the API refuses forwarding
 * targets they forbid. `limits` bound how much may be called at all (outboundLimits.ts).
 */
const outboundRuleFields = {
  international: z
    .object({
      allowed: z.boolean().describe('Calls to numbers of other countries'),
      countries: z
        .array(Country)
        .max(300)
        .describe(
          'The countries (ISO 3166-1 alpha-2) international calls may reach; kept while international calls are off',
        ),
    })
    .strict(),
  premium: z
    .object({ allowed: z.boolean().describe('Premium-rate numbers (0900 and the like), at home and abroad') })
    .strict(),
  satellite: z
    .object({ allowed: z.boolean().describe('Satellite and international networks (+870, +881, +882, +883)') })
    .strict(),
};

export const OutboundRules = z.object({ ...outboundRuleFields, limits: OutboundLimits }).strict();
export type OutboundRules = z.infer<typeof OutboundRules>;

/** What a PUT may send: without `limits` the organisation keeps its current limits. */
export const OutboundRulesInput = z.object({ ...outboundRuleFields, limits: OutboundLimits.optional() }).strict();
export type OutboundRulesInput = z.infer<typeof OutboundRulesInput>;

/** What a new organisation starts with, and what existing ones got when the rules arrived. */
export function factoryOutboundRules(): OutboundRules {
  return {
    international: { allowed: false, countries: [] },
    premium: { allowed: false },
    satellite: { allowed: false },
    limits: factoryOutboundLimits(),
  };
}

/**
 * Rules as stored before the limits existed (or sent without them) made whole: the limits given,
 * else the factory limits. Rows written before issue 10 read like this, with no migration.
 */
export function completeOutboundRules(
  rules: OutboundRulesInput,
  limits: OutboundLimits = factoryOutboundLimits(),
): OutboundRules {
  return { ...rules, limits: rules.limits ?? limits };
}

/** The allowlist names real countries, each once; the organisation's own needs no entry. */
export function checkOutboundRules(rules: OutboundRules, organisationCountry: string): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  rules.international.countries.forEach((country, i) => {
    const path = `international.countries[${i}]`;
    if (!isKnownCountry(country))
      errors.push({ path, message: `${country} is not a country this phone system knows the numbers of` });
    else if (seen.has(country)) errors.push({ path, message: `${country} is listed twice` });
    else if (country === organisationCountry) {
      errors.push({ path, message: `${country} is the organisation's own country: national calls are always allowed` });
    }
    seen.add(country);
  });
  if (errors.length > 0) throw new RuleViolation(errors);
}

export type OutboundRefusal =
  'international_not_allowed' | 'country_not_allowed' | 'premium_not_allowed' | 'satellite_not_allowed';

export type OutboundVerdict =
  | { allowed: true; emergency: boolean; numberClass: NumberClass | null }
  | { allowed: false; emergency: false; numberClass: NumberClass; reason: OutboundRefusal; message: string };

const refused = (numberClass: NumberClass, reason: OutboundRefusal, message: string): OutboundVerdict => ({
  allowed: false,
  emergency: false,
  numberClass,
  reason,
  message,
});

/**
 * Whether a call from an organisation in `country` may reach `number` (E.164, or an emergency
 * short code as dialled). Emergency numbers always may. A premium number abroad needs both
 * premium and that country allowed; satellite numbers belong to no country and need only their flag.
 */
export function outboundVerdict(number: string, rules: OutboundRules, country: string): OutboundVerdict {
  if (emergencyCall(number, country)) return { allowed: true, emergency: true, numberClass: null };
  const numberClass = classifyNumber(number, country);
  if (numberClass === 'satellite') {
    return rules.satellite.allowed
      ? { allowed: true, emergency: false, numberClass }
      : refused(
          numberClass,
          'satellite_not_allowed',
          `${number} is a satellite or international-network number, which this organisation may not call`,
        );
  }
  if (numberClass === 'premium' && !rules.premium.allowed) {
    return refused(
      numberClass,
      'premium_not_allowed',
      `${number} is a premium-rate number, which this organisation may not call`,
    );
  }
  const { countries } = countriesOfNumber(number);
  if (countries.includes(country)) return { allowed: true, emergency: false, numberClass };
  if (!rules.international.allowed) {
    return refused(
      numberClass,
      'international_not_allowed',
      `${number} is an international number and this organisation may not call abroad`,
    );
  }
  if (!countries.some((c) => rules.international.countries.includes(c))) {
    const where = countries.length > 0 ? countries.join('/') : 'no country';
    return refused(
      numberClass,
      'country_not_allowed',
      `${number} is a number of ${where}, which is not among the countries this organisation may call`,
    );
  }
  return { allowed: true, emergency: false, numberClass };
}
