import { callingCodeOf } from './numberingPlans.ts';

/**
 * Emergency numbers per country (R92): a user dialling one always reaches the trunk with their
 * own number as caller ID, whatever the outbound rules; none can be an extension (it would shadow
 * the emergency call) nor a forwarding target.
 *
 * Sources: 112 in every EU member state by Council Decision 91/396/EEC, now Article 109 of the
 * European Electronic Communications Code (Directive (EU) 2018/1972), which keeps national
 * emergency numbers beside it; the national numbers as the European Commission's yearly COCOM
 * reports on the implementation of 112 and the national regulators list them (PTS for Sweden,
 * Bundesnetzagentur, ARCEP's list of "numéros d'urgence", Ofcom's numbering plan for 999 and 112,
 * the FCC for 911; BAKOM, Nkom and Fjarskiptastofa for CH, NO and IS). Non-emergency advice lines
 * (Sweden's 114 14 police and 1177 healthcare, Germany's 116 117) are deliberately absent: they
 * may be dialled, forwarded to and used like any number.
 *
 * `sendAs`: the digits the carrier is sent when it may not route the dialled code itself:
 * - Sweden's 90 000 was the emergency number until 1 July 1996, when 112 replaced it; people
 *   who learnt it may still dial it in distress, and carriers route 112.
 * - In the US only 911 is designated (FCC, Kari's Law for phone systems like this one). GSM
 *   phones treat 112 as an emergency number everywhere (3GPP TS 22.101 §10) and US mobile networks
 *   pass it on as 911, but a SIP trunk carrier is not bound to: so 112 dialled in the US is
 *   sent as 911 rather than left to chance, and a European visitor's habit still gets help.
 */
export type EmergencyNumber = { number: string; service: string; sendAs?: string };

const eu112: EmergencyNumber = { number: '112', service: 'European emergency number' };

const table: Readonly<Record<string, readonly EmergencyNumber[]>> = {
  SE: [eu112, { number: '90000', service: 'former emergency number (until 1996)', sendAs: '112' }],
  AT: [
    eu112,
    { number: '122', service: 'fire' },
    { number: '133', service: 'police' },
    { number: '144', service: 'ambulance' },
  ],
  BE: [eu112, { number: '100', service: 'fire and ambulance' }, { number: '101', service: 'police' }],
  BG: [
    eu112,
    { number: '150', service: 'ambulance' },
    { number: '160', service: 'fire' },
    { number: '166', service: 'police' },
  ],
  HR: [
    eu112,
    { number: '192', service: 'police' },
    { number: '193', service: 'fire' },
    { number: '194', service: 'ambulance' },
  ],
  CY: [eu112, { number: '199', service: 'emergency services' }],
  CZ: [
    eu112,
    { number: '150', service: 'fire' },
    { number: '155', service: 'ambulance' },
    { number: '156', service: 'municipal police' },
    { number: '158', service: 'police' },
  ],
  DK: [eu112],
  EE: [eu112],
  FI: [eu112],
  FR: [
    eu112,
    { number: '15', service: 'SAMU (medical)' },
    { number: '17', service: 'police' },
    { number: '18', service: 'fire' },
    { number: '114', service: 'emergency for deaf and hard-of-hearing people' },
    { number: '115', service: 'social emergency' },
    { number: '119', service: 'children in danger' },
    { number: '191', service: 'aeronautical rescue' },
    { number: '196', service: 'maritime rescue' },
    { number: '197', service: 'terror and abduction alert' },
  ],
  DE: [eu112, { number: '110', service: 'police' }],
  GR: [
    eu112,
    { number: '100', service: 'police' },
    { number: '108', service: 'coast guard' },
    { number: '166', service: 'ambulance' },
    { number: '199', service: 'fire' },
  ],
  HU: [
    eu112,
    { number: '104', service: 'ambulance' },
    { number: '105', service: 'fire' },
    { number: '107', service: 'police' },
  ],
  IE: [eu112, { number: '999', service: 'emergency services' }],
  IT: [
    eu112,
    { number: '113', service: 'police' },
    { number: '115', service: 'fire' },
    { number: '118', service: 'ambulance' },
    { number: '1530', service: 'coast guard' },
  ],
  LV: [eu112, { number: '110', service: 'police' }, { number: '113', service: 'ambulance' }],
  LT: [eu112],
  LU: [eu112, { number: '113', service: 'police' }],
  MT: [eu112],
  NL: [eu112],
  PL: [
    eu112,
    { number: '997', service: 'police' },
    { number: '998', service: 'fire' },
    { number: '999', service: 'ambulance' },
  ],
  PT: [eu112],
  RO: [eu112],
  SK: [
    eu112,
    { number: '150', service: 'fire' },
    { number: '155', service: 'ambulance' },
    { number: '158', service: 'police' },
  ],
  SI: [eu112, { number: '113', service: 'police' }],
  ES: [
    eu112,
    { number: '061', service: 'medical emergencies (regional)' },
    { number: '062', service: 'Guardia Civil' },
    { number: '080', service: 'fire (municipal)' },
    { number: '085', service: 'fire (provincial)' },
    { number: '091', service: 'national police' },
    { number: '092', service: 'local police' },
  ],
  GB: [eu112, { number: '999', service: 'emergency services' }],
  IS: [eu112],
  LI: [
    eu112,
    { number: '117', service: 'police' },
    { number: '118', service: 'fire' },
    { number: '144', service: 'ambulance' },
  ],
  NO: [eu112, { number: '110', service: 'fire' }, { number: '113', service: 'ambulance' }],
  CH: [
    eu112,
    { number: '117', service: 'police' },
    { number: '118', service: 'fire' },
    { number: '144', service: 'ambulance' },
    { number: '1414', service: 'air rescue (Rega)' },
  ],
  US: [
    { number: '911', service: 'emergency services' },
    { number: '112', service: 'GSM emergency number', sendAs: '911' },
  ],
  CA: [
    { number: '911', service: 'emergency services' },
    { number: '112', service: 'GSM emergency number', sendAs: '911' },
  ],
};

/**
 * For a country without a table: the two numbers every GSM phone treats as emergency numbers
 * wherever it is (3GPP TS 22.101 §10.1.1), so no such country is left without one.
 */
const gsmFallback: readonly EmergencyNumber[] = [eu112, { number: '911', service: 'emergency services' }];

/** The emergency numbers of a country. */
export function emergencyNumbersOf(country: string): readonly EmergencyNumber[] {
  return table[country] ?? gsmFallback;
}

/** Countries with a table of their own (others get 112 and 911). */
export const countriesWithEmergencyTable: readonly string[] = Object.keys(table).sort();

/** Visual separators people and phones put in numbers (RFC 3966 §3 "visual-separator"). */
const compact = (dialled: string) => dialled.replace(/[\s\-.()]/g, '');

/**
 * What an emergency call to `dialled` is in `country`: the code as dialled, the digits the carrier
 * gets, the service. `dialled` is a short code as typed ("112", "90 000") or its E.164 form with
 * the country's own calling code, which phones that prefix every number produce ("+46112",
 * "0046112", "+4690000"). Null when it is no emergency number there.
 */
export function emergencyCall(
  dialled: string,
  country: string,
): { number: string; sendAs: string; service: string } | null {
  const digits = compact(dialled);
  let code: string | null = /^\d{2,6}$/.test(digits) ? digits : null;
  const callingCode = callingCodeOf(country);
  if (code === null && callingCode !== null) {
    const international = /^\+\d+$/.test(digits) ? digits.slice(1) : /^00\d+$/.test(digits) ? digits.slice(2) : '';
    const rest = international.startsWith(callingCode) ? international.slice(callingCode.length) : '';
    if (/^\d{2,6}$/.test(rest)) code = rest;
  }
  if (code === null) return null;
  const entry = emergencyNumbersOf(country).find((e) => e.number === code);
  return entry ? { number: entry.number, sendAs: entry.sendAs ?? entry.number, service: entry.service } : null;
}

/** Whether `dialled` (a short code or its E.164 form) is an emergency number in `country`. */
export function isEmergencyNumber(dialled: string, country: string): boolean {
  return emergencyCall(dialled, country) !== null;
}
