/**
 * The one place where a parse failure becomes a response. A request that failed to parse is
 * answered statelessly with the status the parser named (400, 413, 505, 513) if it carried
 * enough to route a response (a Via); a malformed response is dropped (responses are never
 * answered). A request whose Via values do not all parse is dropped too (RFC 4475 badinv01): a
 * response travels back along the Via path (§18.2.2), and answering a broken one would only
 * reflect a packet at whoever the datagram claims to come from.
 */
import { Headers } from '../message/headers.ts';
import { REASON_PHRASES, type SipResponse } from '../message/message.ts';
import type { ParseFailure } from '../message/parser.ts';
import { parseVia, type Via } from '../message/via.ts';

export function responseToMalformed(failure: ParseFailure): { response: SipResponse; topVia: Via } | undefined {
  if (failure.kind !== 'request' || failure.headers === undefined) return undefined;
  const viaValues = failure.headers.getAll('Via');
  if (viaValues.length === 0) return undefined;
  let topVia: Via;
  try {
    const vias = viaValues.map((value) => parseVia(value));
    topVia = vias[0]!;
  } catch {
    return undefined;
  }
  const headers = new Headers();
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    for (const value of failure.headers.getAll(name)) headers.append(name, value);
  }
  const reason = `${failure.error.reason || REASON_PHRASES[failure.error.status] || 'Bad Request'}`;
  headers.append('Warning', `399 - "${failure.error.message.replace(/["\\\r\n]/g, ' ').slice(0, 200)}"`);
  return {
    response: { kind: 'response', status: failure.error.status, reason, headers, body: Buffer.alloc(0) },
    topVia,
  };
}
