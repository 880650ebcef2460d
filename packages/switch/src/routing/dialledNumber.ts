/**
 * What a caller typed, reduced to one of two shapes the router understands: an internal
 * extension (2–6 digits, R3) or a phone number in E.164. Phones send the user part of the
 * Request-URI in many spellings ("+46 8-123 456 78", "0046812345678", "0812345678"); trunks
 * usually send E.164 with or without the plus.
 */
export type DialledNumber = { kind: 'extension'; extension: string } | { kind: 'number'; number: string };

/** Thrown for a user part that is no number at all (letters, empty). The switch answers 404/484. */
export class InvalidDialledNumber extends Error {
  constructor(readonly dialled: string) {
    super(`"${dialled}" is not an extension or a phone number`);
    this.name = 'InvalidDialledNumber';
  }
}

/**
 * @param defaultCountryCode country calling code for national numbers ("0812345678" → "+46812345678").
 */
export function parseDialledNumber(userPart: string, defaultCountryCode = '46'): DialledNumber {
  // Visual separators allowed in tel URIs (RFC 3966 §3 "visual-separator").
  let decoded: string;
  try {
    decoded = decodeURIComponent(userPart);
  } catch {
    throw new InvalidDialledNumber(userPart);
  }
  const compact = decoded.replace(/[\s\-.()]/g, '');
  if (/^\d{2,6}$/.test(compact)) return { kind: 'extension', extension: compact };
  let e164: string | undefined;
  if (/^\+[1-9]\d{6,14}$/.test(compact)) e164 = compact;
  else if (/^00[1-9]\d{6,14}$/.test(compact)) e164 = `+${compact.slice(2)}`;
  else if (/^0[1-9]\d{5,13}$/.test(compact)) e164 = `+${defaultCountryCode}${compact.slice(1)}`;
  else if (/^[1-9]\d{6,14}$/.test(compact)) e164 = `+${compact}`;
  if (e164 === undefined || e164.length > 16) throw new InvalidDialledNumber(userPart);
  return { kind: 'number', number: e164 };
}
