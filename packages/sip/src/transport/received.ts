/**
 * What a server transport does to a request's top Via on arrival, and where the response goes.
 *
 * §18.2.1: "When the server transport receives a request over any transport, it MUST examine
 * the value of the "sent-by" parameter in the top Via header field value. If the host portion
 * of the "sent-by" parameter contains a domain name, or if it contains an IP address that
 * differs from the packet source address, the server MUST add a "received" parameter".
 * RFC 3581 §4: when the request has "rport" without a value, the server MUST set it to the
 * source port, and MUST add "received" even if the address is the same.
 */
import { parseVia, formatVia, type Via } from '../message/via.ts';
import type { SipRequest } from '../message/message.ts';
import type { MessageSource, SendTarget, TransportProtocol } from './transport.ts';

export function stampReceived(request: SipRequest, source: MessageSource): void {
  const first = request.headers.get('Via');
  if (first === undefined) return;
  const top = parseVia(first);
  const params = new Map(top.params);
  const wantsRport = params.has('rport') && params.get('rport') === null;
  if (top.host !== source.address || wantsRport) params.set('received', source.address);
  if (wantsRport) params.set('rport', String(source.port));
  if (params.size === top.params.size && [...params].every(([k, v]) => top.params.get(k) === v)) return;
  const values = request.headers.getAll('Via');
  request.headers.delete('Via');
  request.headers.append('Via', formatVia({ ...top, params }));
  for (const value of values.slice(1)) request.headers.append('Via', value);
}

export function defaultPort(protocol: TransportProtocol | string): number {
  return protocol === 'TLS' ? 5061 : 5060;
}

/**
 * §18.2.2 with RFC 3581 §4: the address and port for a response, from the top Via of the
 * request it answers. Over TCP the connection the request arrived on is preferred (`connectionId`).
 */
export function responseTarget(topVia: Via, connectionId?: string): SendTarget {
  const received = topVia.params.get('received');
  const rport = topVia.params.get('rport');
  const address = received ?? topVia.host;
  const port = rport !== undefined && rport !== null ? Number(rport) : (topVia.port ?? defaultPort(topVia.transport));
  return { address, port, ...(connectionId !== undefined && { connectionId }) };
}
