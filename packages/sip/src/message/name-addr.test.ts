import { describe, expect, it } from 'vitest';
import { SipParseError } from './errors.ts';
import { formatNameAddr, parseNameAddr, tagOf, withParam } from './name-addr.ts';
import { parseUri } from './uri.ts';

describe('parseNameAddr', () => {
  it('reads a quoted display name with escapes, the URI and header parameters', () => {
    const value = parseNameAddr('"Anna \\"A\\" Svensson" <sip:anna@example.com;transport=tcp>;tag=abc;expires=60');
    expect(value.displayName).toBe('Anna "A" Svensson');
    expect(value.uri).toEqual(parseUri('sip:anna@example.com;transport=tcp'));
    expect(tagOf(value)).toBe('abc');
    expect(value.params.get('expires')).toBe('60');
  });

  it('reads an unquoted display name of several tokens', () => {
    expect(parseNameAddr('Anna Svensson <sip:anna@example.com>').displayName).toBe('Anna Svensson');
  });

  it('gives parameters after a bare addr-spec to the header, not the URI', () => {
    const value = parseNameAddr('sip:anna@example.com;tag=xyz');
    expect(tagOf(value)).toBe('xyz');
    expect(value.uri).toEqual(parseUri('sip:anna@example.com'));
  });

  it.each([
    ['an unterminated quote', '"Anna <sip:a@b>'],
    ['an unquoted comma', 'Svensson, Anna <sip:a@b>'],
    ['a missing ">"', '<sip:a@b'],
    ['a bare URI with headers', 'sip:a@b?Subject=x'],
    ['spaces inside <>', '< sip:a@b >'],
  ])('rejects %s', (_, text) => {
    expect(() => parseNameAddr(text)).toThrow(SipParseError);
  });
});

describe('formatNameAddr', () => {
  it('always uses angle brackets and quotes the display name', () => {
    const value = withParam(parseNameAddr('Anna <sip:anna@example.com>'), 'tag', '1');
    expect(formatNameAddr(value)).toBe('"Anna" <sip:anna@example.com>;tag=1');
    expect(parseNameAddr(formatNameAddr(value))).toEqual(value);
  });
});
