/**
 * The checks a client makes on a response that parsed before passing it to a transaction.
 * Responses are never answered, only kept or dropped (RFC 4475 §3.1.2.5, §3.1.2.19).
 */
import { getCSeq, getVias, type SipResponse } from './message.ts';

export type ResponseVerdict =
  { readonly ok: true } | { readonly ok: false; readonly drop: true; readonly reason: string };

const REQUIRED_HEADERS = ['Via', 'From', 'To', 'Call-ID', 'CSeq'];

/**
 * @param role `endpoint` (UAC) or `proxy`. A UAC applies §8.1.3.3: "If more than one Via header
 * field value is present in a response, the UAC SHOULD discard the message."
 */
export function validateResponse(response: SipResponse, role: 'endpoint' | 'proxy'): ResponseVerdict {
  for (const name of REQUIRED_HEADERS) {
    if (!response.headers.has(name)) return { ok: false, drop: true, reason: `Missing ${name}` };
  }
  for (const name of ['From', 'To', 'Call-ID', 'CSeq']) {
    if (response.headers.getAll(name).length > 1) return { ok: false, drop: true, reason: `Multiple ${name} values` };
  }
  getCSeq(response);
  const vias = getVias(response);
  if (role === 'endpoint' && vias.length > 1)
    return { ok: false, drop: true, reason: 'More than one Via in a response to a UAC' };
  // A proxy would forward to the next Via; never to a broadcast address (RFC 4475 §3.3.10).
  if (vias.slice(1).some((via) => via.host === '255.255.255.255'))
    return { ok: false, drop: true, reason: 'Broadcast Via' };
  return { ok: true };
}
