import type { InfoAnswer, InfoRequest } from '../signalling/signallingPort.ts';
import type { Dtmf } from './callMedia.ts';

export type { InfoAnswer, InfoRequest };

/** The response to an INFO, and the key it carried, for the side's digit stream. */
export interface InfoVerdict extends InfoAnswer {
  digit?: Dtmf;
}

/** The body types the switch reads digits from ("legacy INFO usage", RFC 6086 §2 and §4.2.1). */
export const DTMF_INFO_TYPES = ['application/dtmf-relay', 'application/dtmf'];

const KEYS = '0123456789*#ABCD';

/** A key as sent: one of 0-9 * # A-D, or RFC 4733's event number (10 = *, 11 = #, 12–15 = A–D). */
function keyOf(text: string): Dtmf | null {
  const value = text.trim().toUpperCase();
  if (value.length === 1 && KEYS.includes(value)) return value as Dtmf;
  if (/^\d{1,2}$/.test(value) && Number(value) < KEYS.length) return KEYS[Number(value)] as Dtmf;
  return null;
}

/**
 * The digit of a DTMF INFO body, or null when it has none:
 * - `application/dtmf-relay` (the de-facto format of Cisco and most phones): lines of
 *   `Name=value`, the key in `Signal=` (`Signal=5\r\nDuration=160`), names case-insensitive;
 * - `application/dtmf`: the key alone (`5`).
 */
export function digitOfInfo(contentType: string, body: string): Dtmf | null {
  if (contentType === 'application/dtmf') return keyOf(body);
  if (contentType !== 'application/dtmf-relay') return null;
  for (const line of body.split(/\r?\n/)) {
    const match = /^\s*signal\s*=(.*)$/i.exec(line);
    if (match) return keyOf(match[1]!);
  }
  return null;
}

/**
 * How the switch answers an INFO in a call (RFC 6086 §4.2.2):
 * - with an Info-Package header: 469 Bad Info Package — the switch never sends Recv-Info, so
 *   it is willing to receive no package;
 * - without a body: 200 (some phones probe the dialog this way);
 * - a DTMF body with a key: 200 and the key; without a readable key: 400 Bad Request;
 * - any other body: 415 Unsupported Media Type with Accept naming the DTMF types (RFC 3261 §21.4.13).
 */
export function answerInfo(info: InfoRequest): InfoVerdict {
  if (info.infoPackage !== null) return { status: 469, reason: 'Bad Info Package' };
  if (info.contentType === null || info.body.trim() === '') return { status: 200 };
  if (!DTMF_INFO_TYPES.includes(info.contentType))
    return { status: 415, headers: [['Accept', DTMF_INFO_TYPES.join(', ')]] };
  const digit = digitOfInfo(info.contentType, info.body);
  return digit === null
    ? { status: 400, reason: 'Bad Request', headers: [['Warning', '399 vaxel "no DTMF key in the INFO body"']] }
    : { status: 200, digit };
}

/** An INFO handler for a dialog: answers per {@link answerInfo} and hands each key to `digit`. */
export function infoDigits(digit: (key: Dtmf) => void): (info: InfoRequest) => InfoAnswer {
  return (info) => {
    const { digit: key, ...answer } = answerInfo(info);
    if (key !== undefined) digit(key);
    return answer;
  };
}
