import { describe, expect, it } from 'vitest';
import { createRequest } from '../message/message.ts';
import { parseUri } from '../message/uri.ts';
import { looksLikeResponse, tooManyVias, viaValueCount } from './limits.ts';
import { responseToMalformed } from './malformed.ts';

function withVias(lines: string[]) {
  return createRequest({
    method: 'OPTIONS',
    uri: parseUri('sip:a@example.com'),
    headers: [
      ...lines.map((line) => ['Via', line] as [string, string]),
      ['From', '<sip:b@example.com>;tag=1'],
      ['To', '<sip:a@example.com>'],
      ['Call-ID', 'x'],
      ['CSeq', '1 OPTIONS'],
      ['Max-Forwards', '70'],
    ],
  });
}

const hop = (i: number) => `SIP/2.0/UDP 192.0.2.${i % 250}:5060;branch=z9hG4bK${i}`;

describe('transport size caps', () => {
  it('counts Via values in separate lines and comma-separated in one line', () => {
    expect(viaValueCount(withVias([hop(1), `${hop(2)}, ${hop(3)}`]))).toBe(3);
  });

  it('lets 70 Via values through and answers 71 with 513 Message Too Large', () => {
    expect(tooManyVias(withVias(Array.from({ length: 70 }, (_, i) => hop(i))))).toBeUndefined();
    const failure = tooManyVias(withVias([Array.from({ length: 71 }, (_, i) => hop(i)).join(', ')]));
    expect(failure?.error.status).toBe(513);
    const reply = responseToMalformed(failure!);
    expect(reply?.response.status).toBe(513);
    expect(reply?.response.reason).toBe('Message Too Large');
  });

  it('tells a response from a request by its first bytes', () => {
    expect(looksLikeResponse(Buffer.from('\r\nSIP/2.0 200 OK\r\n'))).toBe(true);
    expect(looksLikeResponse(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n'))).toBe(false);
  });
});
