import { describe, expect, it } from 'vitest';
import { parseMessage, type ParseFailure } from '../message/parser.ts';
import { responseToMalformed } from './malformed.ts';

function failureOf(lines: string[]): ParseFailure {
  const parsed = parseMessage(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), { transport: 'datagram' });
  if (parsed.ok) throw new Error('expected a parse failure');
  return parsed;
}

const head = [
  'OPTIONS sip:pbx.example.com SIP/2.0',
  'To: <sip:pbx.example.com>',
  'From: <sip:a@example.com>;tag=1',
  'Call-ID: c1',
  'Max-Forwards: 70',
];

describe('the answer to a request that did not parse', () => {
  it("is the parser's status, routed by a well-formed Via", () => {
    const reply = responseToMalformed(
      failureOf([...head, 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1', 'CSeq: x OPTIONS']),
    );
    expect(reply?.response.status).toBe(400);
    expect(reply?.topVia.host).toBe('192.0.2.1');
  });

  it('is nothing when a Via has extraneous separators (RFC 4475 badinv01)', () => {
    expect(
      responseToMalformed(failureOf([...head, 'Via: SIP/2.0/UDP 192.0.2.15;;,;,,', 'CSeq: 1 OPTIONS'])),
    ).toBeUndefined();
  });

  it('is nothing when a lower Via does not parse, though the top one does', () => {
    const failure = failureOf([
      ...head,
      'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1',
      'Via: garbage',
      'CSeq: 1 OPTIONS',
    ]);
    expect(responseToMalformed(failure)).toBeUndefined();
  });

  it('is nothing without a Via', () => {
    expect(responseToMalformed(failureOf([...head, 'CSeq: x OPTIONS']))).toBeUndefined();
  });
});
