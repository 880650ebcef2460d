/**
 * Which country an E.164 number belongs to: ISO 3166-1 alpha-2 codes and the E.164 digit prefixes
 * of their numbers (ITU-T E.164, "List of ITU-T Recommendation E.164 assigned country codes",
 * the ITU Operational Bulletin's annex). Only countries whose codes are certain are listed; a
 * number of an unlisted country belongs to no country and cannot be put on an allowlist.
 *
 * Shared country codes, and how they are told apart:
 * - **+1, the North American Numbering Plan**: the Caribbean members and Bermuda have their own
 *   area codes (NANPA's list below); calls to them cost what international calls cost and are the
 *   classic "one ring" fraud targets, so each is its own country. Every other +1 number is the
 *   United States or Canada: the two share one plan, carriers rate them alike, and Canadian area
 *   codes are added every year, so a list of them would silently go stale. Such a number belongs
 *   to both US and CA: national for an organisation in either, and allowed abroad when either is
 *   on the allowlist. The US territories in the plan (Puerto Rico 787/939, US Virgin Islands 340,
 *   Guam 671, Northern Mariana Islands 670, American Samoa 684) are in the FCC's national plan and
 *   count as US.
 * - **+7**: Kazakhstan has +7 6 and +7 7; the rest is Russia.
 * Longest prefix wins, so +1 876 is Jamaica and +1 212 the US/CA plan.
 */
const plans: ReadonlyArray<readonly [country: string, prefixes: readonly string[]]> = [
  // EU member states
  ['AT', ['43']],
  ['BE', ['32']],
  ['BG', ['359']],
  ['HR', ['385']],
  ['CY', ['357']],
  ['CZ', ['420']],
  ['DK', ['45']],
  ['EE', ['372']],
  ['FI', ['358']],
  ['FR', ['33']],
  ['DE', ['49']],
  ['GR', ['30']],
  ['HU', ['36']],
  ['IE', ['353']],
  ['IT', ['39']],
  ['LV', ['371']],
  ['LT', ['370']],
  ['LU', ['352']],
  ['MT', ['356']],
  ['NL', ['31']],
  ['PL', ['48']],
  ['PT', ['351']],
  ['RO', ['40']],
  ['SK', ['421']],
  ['SI', ['386']],
  ['ES', ['34']],
  ['SE', ['46']],
  // The rest of the EEA, Switzerland, the United Kingdom
  ['IS', ['354']],
  ['LI', ['423']],
  ['NO', ['47']],
  ['CH', ['41']],
  ['GB', ['44']],
  // Other European countries
  ['AD', ['376']],
  ['AL', ['355']],
  ['BA', ['387']],
  ['BY', ['375']],
  ['FO', ['298']],
  ['GI', ['350']],
  ['GL', ['299']],
  ['MC', ['377']],
  ['MD', ['373']],
  ['ME', ['382']],
  ['MK', ['389']],
  ['RS', ['381']],
  ['SM', ['378']],
  ['TR', ['90']],
  ['UA', ['380']],
  ['RU', ['7']],
  ['KZ', ['76', '77']],
  // North American Numbering Plan
  ['US', ['1']],
  ['CA', ['1']],
  ['AG', ['1268']],
  ['AI', ['1264']],
  ['BB', ['1246']],
  ['BM', ['1441']],
  ['BS', ['1242']],
  ['DM', ['1767']],
  ['DO', ['1809', '1829', '1849']],
  ['GD', ['1473']],
  ['JM', ['1876', '1658']],
  ['KN', ['1869']],
  ['KY', ['1345']],
  ['LC', ['1758']],
  ['MS', ['1664']],
  ['SX', ['1721']],
  ['TC', ['1649']],
  ['TT', ['1868']],
  ['VC', ['1784']],
  ['VG', ['1284']],
  // Latin America
  ['MX', ['52']],
  ['BR', ['55']],
  ['AR', ['54']],
  ['CL', ['56']],
  ['CO', ['57']],
  ['PE', ['51']],
  ['VE', ['58']],
  ['EC', ['593']],
  ['UY', ['598']],
  ['PY', ['595']],
  ['BO', ['591']],
  ['CR', ['506']],
  ['PA', ['507']],
  ['GT', ['502']],
  ['SV', ['503']],
  ['HN', ['504']],
  ['NI', ['505']],
  ['CU', ['53']],
  // Asia and Oceania
  ['AU', ['61']],
  ['NZ', ['64']],
  ['JP', ['81']],
  ['KR', ['82']],
  ['CN', ['86']],
  ['HK', ['852']],
  ['MO', ['853']],
  ['TW', ['886']],
  ['SG', ['65']],
  ['MY', ['60']],
  ['ID', ['62']],
  ['PH', ['63']],
  ['TH', ['66']],
  ['VN', ['84']],
  ['IN', ['91']],
  ['PK', ['92']],
  ['BD', ['880']],
  ['LK', ['94']],
  ['NP', ['977']],
  ['AF', ['93']],
  ['AE', ['971']],
  ['SA', ['966']],
  ['QA', ['974']],
  ['KW', ['965']],
  ['BH', ['973']],
  ['OM', ['968']],
  ['JO', ['962']],
  ['LB', ['961']],
  ['IL', ['972']],
  ['IR', ['98']],
  ['IQ', ['964']],
  ['UZ', ['998']],
  ['GE', ['995']],
  ['AM', ['374']],
  ['AZ', ['994']],
  // Africa
  ['ZA', ['27']],
  ['EG', ['20']],
  ['MA', ['212']],
  ['DZ', ['213']],
  ['TN', ['216']],
  ['NG', ['234']],
  ['KE', ['254']],
  ['GH', ['233']],
  ['ET', ['251']],
  ['TZ', ['255']],
  ['UG', ['256']],
  ['SN', ['221']],
  ['CI', ['225']],
  ['CM', ['237']],
  ['AO', ['244']],
  ['ZW', ['263']],
  ['ZM', ['260']],
  ['MU', ['230']],
  ['RW', ['250']],
];

const byPrefix = new Map<string, string[]>();
const byCountry = new Map<string, readonly string[]>();
for (const [country, prefixes] of plans) {
  byCountry.set(country, prefixes);
  for (const prefix of prefixes) byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), country]);
}
const longestPrefix = Math.max(...[...byPrefix.keys()].map((p) => p.length));

/** Every country with a known numbering plan, in the order of the ISO code. */
export const knownCountries: readonly string[] = [...byCountry.keys()].sort();

export function isKnownCountry(country: string): boolean {
  return byCountry.has(country);
}

/**
 * The country calling code (E.164 prefix) a country's national numbers get: "46" for SE, "1" for
 * US and for Jamaica alike (a NANP number's area code is part of the national number). Null for a
 * country without a known plan.
 */
export function callingCodeOf(country: string): string | null {
  const prefixes = byCountry.get(country);
  if (!prefixes) return null;
  const first = prefixes[0]!;
  return first.startsWith('1') ? '1' : first.startsWith('7') ? '7' : first;
}

/**
 * The countries a number belongs to (two for the shared US/CA plan, none for an unknown or
 * non-geographic code such as +800) and the prefix that decided it.
 */
export function countriesOfNumber(e164: string): { prefix: string; countries: readonly string[] } {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  for (let length = Math.min(longestPrefix, digits.length); length > 0; length--) {
    const prefix = digits.slice(0, length);
    const countries = byPrefix.get(prefix);
    if (countries) return { prefix, countries };
  }
  return { prefix: '', countries: [] };
}
