import { countriesOfNumber } from './numberingPlans.ts';

/**
 * What kind of call a number is for an organisation in a given country, as the outbound rules
 * (R91, toll fraud) see it. Satellite and premium ranges are what fraudsters pump traffic to, so
 * they are told apart from plain national and international numbers first.
 */
export type NumberClass = 'national' | 'international' | 'premium' | 'satellite';

/**
 * ITU-T E.164 shared country codes that are no country: 870 Inmarsat, 881 the Global Mobile
 * Satellite System (Iridium, Globalstar …), 882 and 883 international networks (Thuraya, maritime
 * and inflight services, IoT carriers). Calls to them cost several euros a minute.
 */
const satellitePrefixes = ['870', '881', '882', '883'];

/**
 * Premium-rate ranges (the caller pays the called party a charge) as E.164 prefixes, from each
 * country's numbering plan as its regulator publishes it. The first entries are the ones the
 * toll-fraud rules are defined with; the rest are the well-known premium series of other countries.
 */
export const premiumRanges: ReadonlyArray<{ prefix: string; country: string; note: string }> = [
  { prefix: '46900', country: 'SE', note: '0900 premium-rate services (PTS numbering plan)' },
  { prefix: '46939', country: 'SE', note: '0939 premium-rate services (PTS)' },
  { prefix: '46944', country: 'SE', note: '0944 premium-rate services (PTS)' },
  { prefix: '449', country: 'GB', note: '09 premium-rate services (Ofcom National Telephone Numbering Plan)' },
  {
    prefix: '4470',
    country: 'GB',
    note: '070 personal numbers, charged like premium rate and a common fraud target (Ofcom)',
  },
  { prefix: '1900', country: 'US', note: '900 premium services in the North American Numbering Plan (NANPA)' },
  { prefix: '979', country: '', note: 'International Premium Rate Service (ITU-T E.169.3)' },
  { prefix: '49900', country: 'DE', note: '0900 Premium-Dienste (Bundesnetzagentur)' },
  { prefix: '49137', country: 'DE', note: '0137 televoting, charged per call (Bundesnetzagentur)' },
  { prefix: '43900', country: 'AT', note: '0900 Mehrwertdienste (RTR)' },
  { prefix: '43930', country: 'AT', note: '0930 Mehrwertdienste (RTR)' },
  { prefix: '43939', country: 'AT', note: '0939 Mehrwertdienste (RTR)' },
  { prefix: '41900', country: 'CH', note: '0900 business services (BAKOM)' },
  { prefix: '41901', country: 'CH', note: '0901 entertainment services (BAKOM)' },
  { prefix: '41906', country: 'CH', note: '0906 adult services (BAKOM)' },
  { prefix: '31900', country: 'NL', note: '0900 information services (ACM)' },
  { prefix: '31906', country: 'NL', note: '0906 adult services (ACM)' },
  { prefix: '31909', country: 'NL', note: '0909 entertainment services (ACM)' },
  { prefix: '3290', country: 'BE', note: '090x premium-rate services (BIPT)' },
  { prefix: '4590', country: 'DK', note: '90 premium-rate services (Energistyrelsen)' },
  { prefix: '358700', country: 'FI', note: '0700 premium-rate services (Traficom)' },
  { prefix: '3389', country: 'FR', note: '089 premium-rate services (ARCEP)' },
  { prefix: '34803', country: 'ES', note: '803 tarificación adicional (CNMC)' },
  { prefix: '34806', country: 'ES', note: '806 tarificación adicional (CNMC)' },
  { prefix: '34807', country: 'ES', note: '807 tarificación adicional (CNMC)' },
  { prefix: '34905', country: 'ES', note: '905 mass calling (CNMC)' },
  { prefix: '3989', country: 'IT', note: '89x premium-rate services (AGCOM)' },
  { prefix: '4870', country: 'PL', note: '70x premium-rate services (UKE)' },
  { prefix: '35315', country: 'IE', note: '15xx premium-rate services (ComReg)' },
  { prefix: '61190', country: 'AU', note: '190 premium-rate services (ACMA)' },
];

/** `+881…` and friends. */
export function isSatelliteNumber(e164: string): boolean {
  const digits = e164.replace(/^\+/, '');
  return satellitePrefixes.some((p) => digits.startsWith(p));
}

/** A premium-rate number of any country in the table. */
export function isPremiumNumber(e164: string): boolean {
  const digits = e164.replace(/^\+/, '');
  return premiumRanges.some((r) => digits.startsWith(r.prefix));
}

/**
 * The class of an E.164 number called from `country`: satellite and premium first (a premium number
 * at home is still premium), then national when the number belongs to the organisation's country
 * (for +1 in the US/CA plan: US or CA, see numberingPlans.ts), else international.
 */
export function classifyNumber(e164: string, country: string): NumberClass {
  if (isSatelliteNumber(e164)) return 'satellite';
  if (isPremiumNumber(e164)) return 'premium';
  return countriesOfNumber(e164).countries.includes(country) ? 'national' : 'international';
}
