import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { createCancel } from '../message/derived-requests.ts';
import {
  createRequest,
  createResponse,
  getVias,
  topVia,
  type SipRequest,
  type SipResponse,
} from '../message/message.ts';
import { parseUri } from '../message/uri.ts';
import { isRfc3261Branch, branchOf } from '../message/via.ts';
import { MemoryTransport } from '../transport/memory-transport.ts';
import { TransactionLayer, type IncomingRequest } from './transaction-layer.ts';

function incoming(method: string, options: { branch?: string | null; cseq?: number; toTag?: string } = {}): SipRequest {
  const branch =
    options.branch === undefined ? ';branch=z9hG4bKabc' : options.branch === null ? '' : `;branch=${options.branch}`;
  return createRequest({
    method,
    uri: parseUri('sip:bob@192.0.2.2'),
    headers: [
      ['Via', `SIP/2.0/UDP 192.0.2.1:5060${branch}`],
      ['From', '<sip:alice@example.com>;tag=a'],
      ['To', `<sip:bob@example.com>${options.toTag ? `;tag=${options.toTag}` : ''}`],
      ['Call-ID', 'layer-test'],
      ['CSeq', `${options.cseq ?? 1} ${method}`],
      ['Max-Forwards', '70'],
    ],
  });
}

describe('TransactionLayer', () => {
  let clock: FakeClock;
  let transport: MemoryTransport;
  let requests: IncomingRequest[];
  let strays: SipResponse[];
  let layer: TransactionLayer;

  beforeEach(() => {
    clock = new FakeClock();
    transport = new MemoryTransport();
    requests = [];
    strays = [];
    layer = new TransactionLayer({
      transports: [transport],
      clock,
      onRequest: (r) => requests.push(r),
      onStrayResponse: (r) => strays.push(r),
    });
  });

  it('creates one server transaction per request and absorbs its retransmissions', () => {
    transport.inject(incoming('OPTIONS'));
    transport.inject(incoming('OPTIONS'));
    expect(requests).toHaveLength(1);
    expect(layer.transactionCount).toBe(1);
    requests[0]!.transaction!.respond(createResponse(requests[0]!.request, 200, { toTag: 'b' }));
    transport.inject(incoming('OPTIONS'));
    expect(transport.take().map((s) => (s.message as SipResponse).status)).toEqual([200, 200]);
    clock.advance(32_000);
    expect(layer.transactionCount).toBe(0);
  });

  it('sends responses to the received address and rport of the top Via (RFC 3581)', () => {
    const request = incoming('OPTIONS');
    request.headers.set('Via', 'SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKnat;rport');
    transport.inject(request, { address: '203.0.113.9', port: 40000 });
    requests[0]!.transaction!.respond(createResponse(requests[0]!.request, 200, { toTag: 'b' }));
    expect(transport.take()[0]!.target).toMatchObject({ address: '203.0.113.9', port: 40000 });
  });

  it('matches the ACK for a non-2xx to its INVITE transaction, and passes the ACK for a 2xx up', () => {
    transport.inject(incoming('INVITE'));
    const [first] = requests;
    first!.transaction!.respond(createResponse(first!.request, 486, { toTag: 'b' }));
    transport.inject(incoming('ACK', { toTag: 'b' }));
    expect(requests).toHaveLength(1);
    expect(first!.transaction!.state).toBe('Confirmed');

    transport.inject(incoming('INVITE', { branch: 'z9hG4bKsecond', cseq: 2 }));
    const second = requests[1]!;
    second.transaction!.respond(createResponse(second.request, 200, { toTag: 'b' }));
    transport.inject(incoming('ACK', { branch: 'z9hG4bKack2', cseq: 2, toTag: 'b' }));
    expect(requests[2]).toMatchObject({ transaction: undefined });
    expect(requests[2]!.request.method).toBe('ACK');
  });

  it('falls back to RFC 2543 matching for requests without the magic cookie', () => {
    transport.inject(incoming('INVITE', { branch: null }));
    transport.inject(incoming('INVITE', { branch: null }));
    expect(requests).toHaveLength(1);
    requests[0]!.transaction!.respond(createResponse(requests[0]!.request, 404, { toTag: 'b' }));
    transport.inject(incoming('ACK', { branch: null, toTag: 'b' }));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.transaction!.state).toBe('Confirmed');
  });

  it('finds the INVITE transaction a CANCEL refers to (§9.2)', () => {
    transport.inject(incoming('INVITE'));
    transport.inject(incoming('CANCEL'));
    const cancel = requests[1]!;
    expect(cancel.transaction?.kind).toBe('non-invite-server');
    expect(layer.findInviteServerTransaction(cancel.request)).toBe(requests[0]!.transaction);
  });

  it('answers a request that fails validation itself, without bothering the user', () => {
    const broken = incoming('OPTIONS');
    broken.headers.delete('Call-ID');
    transport.inject(broken);
    expect(requests).toHaveLength(0);
    expect((transport.take()[0]!.message as SipResponse).status).toBe(400);
  });

  it('drops a request without Via silently: there is nowhere to answer', () => {
    const orphan = incoming('OPTIONS');
    orphan.headers.delete('Via');
    transport.inject(orphan);
    expect(requests).toHaveLength(0);
    expect(transport.take()).toHaveLength(0);
  });

  it('adds a Via with a fresh RFC 3261 branch and rport to requests it sends', () => {
    const request = incoming('OPTIONS');
    request.headers.delete('Via');
    layer.sendRequest(request, { protocol: 'UDP', address: '192.0.2.2', port: 5060 }, { onResponse: () => undefined });
    const sent = transport.take()[0]!.message as SipRequest;
    const via = topVia(sent);
    expect(isRfc3261Branch(branchOf(via))).toBe(true);
    expect(via.params.has('rport')).toBe(true);
    expect(via).toMatchObject({ transport: 'UDP', host: '127.0.0.1', port: 5060 });
  });

  it('routes responses by branch and CSeq method, and unmatched ones to onStrayResponse', () => {
    const statuses: number[] = [];
    const request = incoming('INVITE');
    request.headers.delete('Via');
    layer.sendRequest(
      request,
      { protocol: 'UDP', address: '192.0.2.2', port: 5060 },
      { onResponse: (r) => statuses.push(r.status) },
    );
    const sent = transport.take()[0]!.message as SipRequest;
    const cancel = createCancel(sent);
    layer.sendRequest(
      cancel,
      { protocol: 'UDP', address: '192.0.2.2', port: 5060 },
      { onResponse: (r) => statuses.push(-r.status) },
    );
    transport.inject(createResponse(sent, 180, { toTag: 'b' }));
    transport.inject(createResponse(cancel, 200, { toTag: 'b' }));
    const other = incoming('INVITE', { branch: 'z9hG4bKunknown' });
    other.headers.set('Via', 'SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKunknown');
    transport.inject(createResponse(other, 200, { toTag: 'b' }));
    const notOurs = incoming('INVITE', { branch: 'z9hG4bKunknown2' });
    transport.inject(createResponse(notOurs, 200, { toTag: 'b' }));
    expect(statuses).toEqual([180, -200]);
    expect(strays.map((r) => r.status)).toEqual([200]);
    expect(getVias(cancel)).toHaveLength(1);
  });

  it('drops every transaction on close, and can be closed twice', () => {
    transport.inject(incoming('INVITE'));
    layer.close();
    layer.close();
    expect(layer.transactionCount).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('sends a request over 1300 bytes by TCP when it has a TCP transport (§18.1.1)', () => {
    const tcp = new MemoryTransport({ protocol: 'TCP', port: 5060 });
    const both = new TransactionLayer({ transports: [transport, tcp], clock, onRequest: () => undefined });
    const big = incoming('MESSAGE');
    big.headers.delete('Via');
    const small = incoming('OPTIONS');
    small.headers.delete('Via');
    both.sendRequest(
      createRequest({ method: 'MESSAGE', uri: big.uri, headers: big.headers, body: 'x'.repeat(1300) }),
      { protocol: 'UDP', address: '192.0.2.2', port: 5060 },
      { onResponse: () => undefined },
    );
    both.sendRequest(small, { protocol: 'UDP', address: '192.0.2.2', port: 5060 }, { onResponse: () => undefined });
    expect(tcp.take().map((s) => (s.message as SipRequest).method)).toEqual(['MESSAGE']);
    expect(transport.take().map((s) => (s.message as SipRequest).method)).toEqual(['OPTIONS']);
    both.close();
  });

  it('answers a screened request statelessly: no transaction, and a retransmission is answered again, never the first one re-sent', () => {
    layer.close();
    layer = new TransactionLayer({
      transports: [transport],
      clock,
      onRequest: (r) => requests.push(r),
      screen: (request) =>
        request.method === 'INVITE' ? { stateless: createResponse(request, 407, { toTag: 's' }) } : undefined,
    });
    transport.inject(incoming('INVITE'));
    expect(transport.take().map((s) => (s.message as SipResponse).status)).toEqual([407]);
    expect(layer.transactionCount).toBe(0);
    clock.advance(40_000);
    expect(transport.take()).toEqual([]);
    transport.inject(incoming('INVITE'));
    expect(transport.take().map((s) => (s.message as SipResponse).status)).toEqual([407]);
    expect(layer.statelessResponses).toBe(2);
    expect(requests).toEqual([]);
    // The ACK for the stateless 407 finds no transaction and is passed up, where the UA ignores it.
    transport.inject(incoming('ACK', { toTag: 's' }));
    expect(requests.map((r) => r.request.method)).toEqual(['ACK']);
  });

  it('drops a request the screen drops, without an answer', () => {
    layer.close();
    layer = new TransactionLayer({
      transports: [transport],
      clock,
      onRequest: (r) => requests.push(r),
      screen: () => 'drop',
    });
    transport.inject(incoming('OPTIONS'));
    expect(transport.take()).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("bounds one source's concurrent server transactions with a stateless 503 and Retry-After, and frees the slot when one ends", () => {
    layer.close();
    layer = new TransactionLayer({
      transports: [transport],
      clock,
      onRequest: (r) => requests.push(r),
      maxServerTransactions: (source) => (source.address === '192.0.2.1' ? 2 : 10),
    });
    for (const branch of ['z9hG4bK1', 'z9hG4bK2', 'z9hG4bK3'])
      transport.inject(incoming('OPTIONS', { branch }), { address: '192.0.2.1' });
    transport.inject(incoming('OPTIONS', { branch: 'z9hG4bKother' }), { address: '192.0.2.9' });
    expect(requests).toHaveLength(3);
    const refused = transport.take();
    expect(refused.map((s) => (s.message as SipResponse).status)).toEqual([503]);
    expect(refused[0]!.message.headers.get('Retry-After')).toBe('5');
    expect(layer.serverTransactionCount).toBe(3);
    requests[0]!.transaction!.respond(createResponse(requests[0]!.request, 200, { toTag: 'b' }));
    clock.advance(32_000); // Timer J ends the answered transaction
    transport.take();
    transport.inject(incoming('OPTIONS', { branch: 'z9hG4bK4' }), { address: '192.0.2.1' });
    expect(requests).toHaveLength(4);
  });
});
