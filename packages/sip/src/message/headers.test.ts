import { describe, expect, it } from 'vitest';
import { Headers, canonicalHeaderName, isListHeader } from './headers.ts';

describe('Headers', () => {
  it('expands compact forms and finds names case-insensitively', () => {
    const headers = new Headers([
      ['i', 'abc'],
      ['v', 'SIP/2.0/UDP h'],
      ['CALL-id', 'def'],
    ]);
    expect(headers.getAll('Call-ID')).toEqual(['abc', 'def']);
    expect(headers.get('via')).toBe('SIP/2.0/UDP h');
    expect([...headers].map((h) => h.name)).toEqual(['Call-ID', 'Via', 'Call-ID']);
  });

  it.each([
    ['m', 'Contact'],
    ['e', 'Content-Encoding'],
    ['l', 'Content-Length'],
    ['c', 'Content-Type'],
    ['f', 'From'],
    ['s', 'Subject'],
    ['k', 'Supported'],
    ['t', 'To'],
    ['v', 'Via'],
    ['www-authenticate', 'WWW-Authenticate'],
    ['X-Custom', 'X-Custom'],
  ])('spells %s as %s', (name, canonical) => {
    expect(canonicalHeaderName(name)).toBe(canonical);
  });

  it('knows which headers are comma-separated lists', () => {
    expect(isListHeader('Via')).toBe(true);
    expect(isListHeader('m')).toBe(true);
    expect(isListHeader('WWW-Authenticate')).toBe(false);
    expect(isListHeader('Date')).toBe(false);
  });

  it('prepends before the first field of a name, sets in place, and deletes first or all', () => {
    const headers = new Headers([
      ['To', 't'],
      ['Via', 'a'],
      ['Via', 'b'],
      ['CSeq', '1 X'],
    ]);
    headers.prepend('Via', 'new');
    expect(headers.getAll('Via')).toEqual(['new', 'a', 'b']);
    headers.deleteFirst('Via');
    expect(headers.getAll('Via')).toEqual(['a', 'b']);
    headers.set('Via', 'only');
    expect([...headers].map((h) => h.value)).toEqual(['t', 'only', '1 X']);
    headers.delete('via');
    expect(headers.has('Via')).toBe(false);
  });

  it('clones into an independent list', () => {
    const headers = new Headers([['To', 't']]);
    const copy = headers.clone();
    copy.append('From', 'f');
    expect(headers.size).toBe(1);
    expect(copy.size).toBe(2);
  });
});
