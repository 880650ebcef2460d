/**
 * Requests that RFC 3261 builds from another request: the ACK for a non-2xx final response
 * (§17.1.1.3) and CANCEL (§9.1). Both reuse the original's top Via, so they share its branch.
 */
import { Headers } from './headers.ts';
import { createRequest, getCSeq, type SipRequest, type SipResponse } from './message.ts';

/**
 * §17.1.1.3: "The ACK request constructed by the client transaction MUST contain values for the
 * Call-ID, From, and Request-URI that are equal to the values of those header fields in the
 * request passed to the transport by the client transaction ... The To header field in the ACK
 * MUST equal the To header field in the response being acknowledged ... The ACK MUST contain a
 * single Via header field, and this MUST be equal to the top Via header field of the original
 * request ... If the INVITE request whose response is being acknowledged had Route header
 * fields, those header fields MUST appear in the ACK."
 */
export function createAckForNonSuccess(invite: SipRequest, response: SipResponse): SipRequest {
  return derive(invite, 'ACK', response.headers.get('To') ?? invite.headers.get('To') ?? '');
}

/**
 * §9.1: "The Request-URI, Call-ID, To, the numeric part of CSeq, and From header fields in the
 * CANCEL request MUST be identical to those in the request being cancelled, including tags. A
 * CANCEL constructed by a client MUST have only a single Via header field value matching the top
 * Via value in the request being cancelled." Route header fields must be copied too.
 */
export function createCancel(request: SipRequest): SipRequest {
  return derive(request, 'CANCEL', request.headers.get('To') ?? '');
}

function derive(original: SipRequest, method: 'ACK' | 'CANCEL', to: string): SipRequest {
  const headers = new Headers();
  const via = original.headers.get('Via');
  if (via !== undefined) headers.append('Via', via);
  headers.append('Max-Forwards', '70');
  headers.append('From', original.headers.get('From') ?? '');
  headers.append('To', to);
  headers.append('Call-ID', original.headers.get('Call-ID') ?? '');
  headers.append('CSeq', `${getCSeq(original).seq} ${method}`);
  for (const route of original.headers.getAll('Route')) headers.append('Route', route);
  return createRequest({ method, uri: original.uri, headers });
}
