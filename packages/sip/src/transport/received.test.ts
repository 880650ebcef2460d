import { describe, expect, it } from 'vitest';
import { createRequest, topVia } from '../message/message.ts';
import { parseUri } from '../message/uri.ts';
import { parseVia } from '../message/via.ts';
import { responseTarget, stampReceived } from './received.ts';

function requestWithVia(via: string) {
  return createRequest({
    method: 'OPTIONS',
    uri: parseUri('sip:a@b'),
    headers: [
      ['Via', via],
      ['Via', 'SIP/2.0/UDP second.example.com'],
    ],
  });
}

describe('stampReceived (§18.2.1, RFC 3581)', () => {
  it('adds received when the sent-by host differs from the source address', () => {
    const request = requestWithVia('SIP/2.0/UDP phone.example.com:5060;branch=z9hG4bK1');
    stampReceived(request, { protocol: 'UDP', address: '192.0.2.7', port: 5060 });
    expect(topVia(request).params.get('received')).toBe('192.0.2.7');
    expect(request.headers.getAll('Via')[1]).toBe('SIP/2.0/UDP second.example.com');
  });

  it('leaves the Via alone when the sent-by is the source address and there is no rport', () => {
    const request = requestWithVia('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1');
    stampReceived(request, { protocol: 'UDP', address: '192.0.2.7', port: 5060 });
    expect(request.headers.get('Via')).toBe('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1');
  });

  it('fills in rport and received when rport is asked for, even for the same address', () => {
    const request = requestWithVia('SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport');
    stampReceived(request, { protocol: 'UDP', address: '192.0.2.7', port: 34567 });
    expect(topVia(request).params.get('rport')).toBe('34567');
    expect(topVia(request).params.get('received')).toBe('192.0.2.7');
  });
});

describe('responseTarget (§18.2.2, RFC 3581 §4)', () => {
  it('prefers received and rport', () => {
    expect(responseTarget(parseVia('SIP/2.0/UDP h:5070;received=192.0.2.9;rport=4000'))).toEqual({
      address: '192.0.2.9',
      port: 4000,
    });
  });

  it('falls back to the sent-by port, then to 5060', () => {
    expect(responseTarget(parseVia('SIP/2.0/UDP 192.0.2.1:5070'))).toEqual({ address: '192.0.2.1', port: 5070 });
    expect(responseTarget(parseVia('SIP/2.0/UDP 192.0.2.1'))).toEqual({ address: '192.0.2.1', port: 5060 });
  });

  it('carries the connection to reuse', () => {
    expect(responseTarget(parseVia('SIP/2.0/TCP 192.0.2.1'), 'tcp-7')).toMatchObject({ connectionId: 'tcp-7' });
  });
});
