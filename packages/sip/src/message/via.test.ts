import { describe, expect, it } from 'vitest';
import { SipParseError } from './errors.ts';
import { branchOf, formatVia, isRfc3261Branch, parseVia } from './via.ts';

describe('parseVia', () => {
  it('reads protocol, transport, sent-by and parameters', () => {
    const via = parseVia('SIP/2.0/udp [2001:db8::1]:5070;branch=z9hG4bK776;received=192.0.2.1;rport');
    expect(via).toMatchObject({ protocol: 'SIP', version: '2.0', transport: 'UDP', host: '2001:db8::1', port: 5070 });
    expect(branchOf(via)).toBe('z9hG4bK776');
    expect(via.params.get('received')).toBe('192.0.2.1');
    expect(via.params.get('rport')).toBeNull();
  });

  it('allows LWS around the slashes and parameters', () => {
    expect(parseVia('SIP  /  2.0 / TCP   host.example.com ; branch = z9hG4bKx')).toMatchObject({
      transport: 'TCP',
      host: 'host.example.com',
    });
  });

  it.each([
    'SIP/2.0/UDP',
    'SIP/2.0/UDP host;;',
    'SIP/2.0 host',
    'SIP/2.0/UDP host;branch=',
    'SIP/2.0/UDP host;rport=abc',
  ])('rejects "%s"', (text) => {
    expect(() => parseVia(text)).toThrow(SipParseError);
  });

  it('round-trips through formatVia', () => {
    const via = parseVia('SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKabc;rport=5061');
    expect(parseVia(formatVia(via))).toEqual(via);
  });
});

describe('isRfc3261Branch', () => {
  it('requires the magic cookie and something after it', () => {
    expect(isRfc3261Branch('z9hG4bKabc')).toBe(true);
    expect(isRfc3261Branch('z9hG4bK')).toBe(false);
    expect(isRfc3261Branch('abc')).toBe(false);
  });
});
