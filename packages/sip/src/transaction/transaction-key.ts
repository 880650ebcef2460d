/**
 * How requests and responses find their transaction.
 *
 * Server side (§17.2.3): with an RFC 3261 branch (magic cookie "z9hG4bK"), the key is the
 * branch, the sent-by of the top Via, and the method — except that "the method of the request
 * matches the one that created the transaction, except for ACK, where the method of the request
 * that created the transaction is INVITE". Without the cookie, the RFC 2543 rule: Request-URI,
 * From tag, Call-ID, CSeq number and top Via, plus the To tag for methods other than INVITE/ACK
 * (an ACK carries the To tag of the response, which the INVITE did not).
 *
 * Client side (§17.1.3): the branch of the top Via and the CSeq method.
 */
import { getCSeq, getFrom, getTo, topVia, type SipRequest, type SipResponse } from '../message/message.ts';
import { formatUri } from '../message/uri.ts';
import { branchOf, isRfc3261Branch } from '../message/via.ts';

export function serverTransactionKey(request: SipRequest, methodOverride?: string): string {
  const via = topVia(request);
  const method = methodOverride ?? (request.method === 'ACK' ? 'INVITE' : request.method);
  const branch = branchOf(via);
  const sentBy = `${via.host.toLowerCase()}:${via.port ?? ''}`;
  if (isRfc3261Branch(branch)) return `s|${branch}|${sentBy}|${method}`;
  const cseq = getCSeq(request);
  const toTag = method === 'INVITE' ? '' : (getTo(request).params.get('tag') ?? '');
  return [
    's2543',
    formatUri(request.uri),
    getFrom(request).params.get('tag') ?? '',
    toTag,
    request.headers.get('Call-ID') ?? '',
    cseq.seq,
    `${via.transport}|${sentBy}|${branch ?? ''}`,
    method,
  ].join('|');
}

export function clientTransactionKey(message: SipRequest | SipResponse): string {
  return `c|${branchOf(topVia(message)) ?? ''}|${getCSeq(message).method}`;
}
