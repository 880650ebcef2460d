import { describe, expect, it } from 'vitest';
import { SipParseError } from './errors.ts';
import { formatUri, parseUri, sipUri, uriEquals, type SipUri, type TelUri } from './uri.ts';

describe('parseUri', () => {
  it('reads every part of a SIP URI', () => {
    const uri = parseUri(
      'sips:alice:secret@Example.COM:5061;transport=tcp;lr?Subject=hi%20there&Priority=urgent',
    ) as SipUri;
    expect(uri).toMatchObject({ scheme: 'sips', user: 'alice', password: 'secret', host: 'Example.COM', port: 5061 });
    expect([...uri.params]).toEqual([
      ['transport', 'tcp'],
      ['lr', null],
    ]);
    expect(uri.headers).toEqual([
      ['Subject', 'hi there'],
      ['Priority', 'urgent'],
    ]);
  });

  it('reads an IPv6 reference with and without a port', () => {
    expect(parseUri('sip:bob@[2001:db8::10]:5070')).toMatchObject({ host: '2001:db8::10', port: 5070 });
    expect(parseUri('sip:[::1]')).toMatchObject({ host: '::1' });
  });

  it('unescapes the user part once', () => {
    expect((parseUri('sip:%61lice%2541@host') as SipUri).user).toBe('alice%41');
  });

  it('reads a tel URI', () => {
    const uri = parseUri('tel:+46-8-123;phone-context=example.com') as TelUri;
    expect(uri.number).toBe('+46-8-123');
    expect(uri.params.get('phone-context')).toBe('example.com');
  });

  it('keeps URIs of unknown schemes opaque instead of failing', () => {
    expect(parseUri('nobodyKnowsThisScheme:totallyopaquecontent')).toEqual({
      scheme: 'nobodyknowsthisscheme',
      opaque: 'totallyopaquecontent',
    });
  });

  it.each([
    'sip:user@',
    'sip:user@host:99999',
    'sip:user@host;',
    'sip:user@[::1',
    'sip:us er@host',
    'sip:a@b%zz',
    'nocolon',
    'sip:user@ho_st',
  ])('rejects "%s" with a SipParseError', (text) => {
    expect(() => parseUri(text)).toThrow(SipParseError);
  });
});

describe('formatUri', () => {
  it('round-trips a URI, escaping what needs escaping', () => {
    const uri = sipUri({ user: 'a b@c', host: '::1', port: 5060, params: new Map([['transport', 'udp']]) });
    const text = formatUri(uri);
    expect(text).toBe('sip:a%20b%40c@[::1]:5060;transport=udp');
    expect(parseUri(text)).toEqual(uri);
  });
});

describe('uriEquals (RFC 3261 §19.1.4)', () => {
  it('compares hosts case-insensitively and users case-sensitively', () => {
    expect(uriEquals(parseUri('sip:alice@EXAMPLE.com'), parseUri('sip:alice@example.com'))).toBe(true);
    expect(uriEquals(parseUri('sip:Alice@example.com'), parseUri('sip:alice@example.com'))).toBe(false);
  });

  it('treats a transport parameter present on one side only as a difference', () => {
    expect(uriEquals(parseUri('sip:a@h;transport=tcp'), parseUri('sip:a@h'))).toBe(false);
    expect(uriEquals(parseUri('sip:a@h;foo=1'), parseUri('sip:a@h'))).toBe(true);
  });
});
