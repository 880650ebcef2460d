import { describe, expect, it } from 'vitest';
import { FakeClock } from '@vaxel/testing';
import { createRequest, createResponse, type SipMessage, type SipRequest } from '../message/message.ts';
import { parseUri } from '../message/uri.ts';
import { MemoryTransport } from '../transport/memory-transport.ts';
import { TransactionLayer, type IncomingRequest } from './transaction-layer.ts';
import type { SipTrafficObserver } from './traffic-observer.ts';

function incoming(method: string, branch = 'z9hG4bKobs'): SipRequest {
  return createRequest({
    method,
    uri: parseUri('sip:bob@192.0.2.2'),
    headers: [
      ['Via', `SIP/2.0/UDP 192.0.2.1:5060;branch=${branch}`],
      ['From', '<sip:alice@example.com>;tag=a'],
      ['To', '<sip:bob@example.com>'],
      ['Call-ID', 'observer-test'],
      ['CSeq', `1 ${method}`],
      ['Max-Forwards', '70'],
    ],
  });
}

/** Names what the observer heard, in order: "in OPTIONS", "out 200", "resent 200", "again OPTIONS". */
function recorder(): { observer: SipTrafficObserver; heard: string[] } {
  const heard: string[] = [];
  const name = (message: SipMessage) => (message.kind === 'request' ? message.method : String(message.status));
  return {
    heard,
    observer: {
      received: (message) => heard.push(`in ${name(message)}`),
      sent: (message) => heard.push(`out ${name(message)}`),
      retransmissionSent: (message) => heard.push(`resent ${name(message)}`),
      retransmissionReceived: (request) => heard.push(`again ${request.method}`),
    },
  };
}

function layerWith(observer: SipTrafficObserver) {
  const clock = new FakeClock();
  const transport = new MemoryTransport();
  const requests: IncomingRequest[] = [];
  const layer = new TransactionLayer({
    transports: [transport],
    clock,
    observer,
    onRequest: (r) => requests.push(r),
    screen: (request) =>
      request.method === 'SUBSCRIBE' ? { stateless: createResponse(request, 489, { toTag: 'x' }) } : undefined,
  });
  return { clock, transport, requests, layer };
}

describe('the traffic observer of the transaction layer', () => {
  it('hears a request received, its response sent, and a retransmitted request answered again', () => {
    const { observer, heard } = recorder();
    const { transport, requests } = layerWith(observer);
    transport.inject(incoming('OPTIONS'));
    requests[0]!.transaction!.respond(createResponse(requests[0]!.request, 200, { toTag: 'b' }));
    transport.inject(incoming('OPTIONS'));
    expect(heard).toEqual(['in OPTIONS', 'out 200', 'in OPTIONS', 'out 200', 'resent 200', 'again OPTIONS']);
  });

  it('hears a client transaction retransmit its request on Timer E (RFC 3261 §17.1.2.2) and the response received', () => {
    const { observer, heard } = recorder();
    const { clock, transport, layer } = layerWith(observer);
    const request = incoming('OPTIONS');
    request.headers.delete('Via');
    layer.sendRequest(request, { protocol: 'UDP', address: '192.0.2.2', port: 5060 }, { onResponse: () => undefined });
    clock.advance(500);
    const sent = transport.take()[0]!.message as SipRequest;
    transport.inject(createResponse(sent, 200, { toTag: 'b' }));
    expect(heard).toEqual(['out OPTIONS', 'out OPTIONS', 'resent OPTIONS', 'in 200']);
  });

  it('hears a response sent statelessly by the screen', () => {
    const { observer, heard } = recorder();
    const { transport } = layerWith(observer);
    transport.inject(incoming('SUBSCRIBE'));
    expect(heard).toEqual(['in SUBSCRIBE', 'out 489']);
  });

  it('does not take the ACK that confirms a non-2xx answer for a retransmission', () => {
    const { observer, heard } = recorder();
    const { transport, requests } = layerWith(observer);
    const invite = incoming('INVITE', 'z9hG4bKinv');
    transport.inject(invite);
    requests[0]!.transaction!.respond(createResponse(requests[0]!.request, 486, { toTag: 'b' }));
    const ack = incoming('ACK', 'z9hG4bKinv');
    ack.headers.set('To', '<sip:bob@example.com>;tag=b');
    ack.headers.set('CSeq', '1 ACK');
    transport.inject(ack);
    expect(heard).toEqual(['in INVITE', 'out 100', 'out 486', 'in ACK']);
  });
});
