import { describe, expect, it } from 'vitest';
import { getCSeq, getCallId, getVias, type SipRequest, type SipResponse } from './message.ts';
import { parseMessage } from './parser.ts';
import { serializeMessage } from './serializer.ts';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

const INVITE = [
  'INVITE sip:bob@example.com SIP/2.0',
  'v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/TCP b.example.com;branch=z9hG4bK2',
  'f: <sip:alice@example.com>;tag=1',
  't: <sip:bob@example.com>',
  'i: call-1',
  'CSEQ: 7 INVITE',
  'm: "Alice, A." <sip:alice@a.example.com>',
  'Subject: folded',
  '  across lines',
  'l: 4',
  '',
  'ab\r\n',
];

describe('parseMessage', () => {
  it('reads a request with compact forms, folded lines and a comma-separated Via line', () => {
    const parsed = parseMessage(crlf(INVITE), { transport: 'datagram' });
    if (!parsed.ok) throw parsed.error;
    const request = parsed.message as SipRequest;
    expect(request.method).toBe('INVITE');
    expect(getVias(request).map((via) => via.host)).toEqual(['a.example.com', 'b.example.com']);
    expect(getCallId(request)).toBe('call-1');
    expect(getCSeq(request)).toEqual({ seq: 7, method: 'INVITE' });
    expect(request.headers.getAll('Contact')).toEqual(['"Alice, A." <sip:alice@a.example.com>']);
    expect(request.headers.get('subject')).toBe('folded across lines');
    expect(request.body.toString()).toBe('ab\r\n');
  });

  it('reads a response with an empty reason phrase', () => {
    const parsed = parseMessage(
      crlf(['SIP/2.0 180 ', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'Content-Length: 0', '', '']),
      { transport: 'datagram' },
    );
    expect(parsed.ok && (parsed.message as SipResponse)).toMatchObject({ status: 180, reason: '' });
  });

  it('ignores CRLFs before the start line (§7.5)', () => {
    expect(parseMessage(Buffer.concat([Buffer.from('\r\n\r\n'), crlf(INVITE)]), { transport: 'stream' }).ok).toBe(true);
  });

  it.each([
    ['a bad version', 505, ['INVITE sip:a@b SIP/3.0', 'Content-Length: 0', '', '']],
    ['a header line without colon', 400, ['INVITE sip:a@b SIP/2.0', 'Broken', '', '']],
    [
      'a missing Content-Length over a stream',
      400,
      ['OPTIONS sip:a@b SIP/2.0', 'Via: SIP/2.0/TCP h;branch=z9hG4bK1', '', ''],
    ],
    ['a status code out of range', 400, ['SIP/2.0 999 Nope', 'Content-Length: 0', '', '']],
  ])('rejects %s with %i', (_, status, lines) => {
    const parsed = parseMessage(crlf(lines as string[]), { transport: 'stream' });
    expect(parsed.ok ? 'parsed' : parsed.error.status).toBe(status);
  });

  it('refuses an oversized message with 513 and an oversized body with 413', () => {
    const message = crlf(INVITE);
    const tooBig = parseMessage(message, { transport: 'datagram', maxMessageSize: 100 });
    expect(tooBig.ok ? 'parsed' : tooBig.error.status).toBe(513);
    const bodyTooBig = parseMessage(message, { transport: 'datagram', maxBodySize: 2 });
    expect(bodyTooBig.ok ? 'parsed' : bodyTooBig.error.status).toBe(413);
  });

  it('keeps the headers of a failed request so a 400 can be sent', () => {
    const parsed = parseMessage(
      crlf(['INVITE sip:a@b SIP/2.0', 'Via: SIP/2.0/UDP h;branch=z9hG4bK1', 'CSeq: x', '', '']),
      { transport: 'datagram' },
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.kind).toBe('request');
      expect(parsed.headers?.get('Via')).toBe('SIP/2.0/UDP h;branch=z9hG4bK1');
    }
  });

  it('rejects a header section that is not UTF-8', () => {
    const parsed = parseMessage(
      Buffer.concat([
        Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nSubject: '),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('\r\n\r\n'),
      ]),
      { transport: 'datagram' },
    );
    expect(parsed.ok ? 'parsed' : parsed.error.status).toBe(400);
  });
});

describe('serializeMessage', () => {
  it('writes a message that parses back to the same fields and body bytes', () => {
    const parsed = parseMessage(crlf(INVITE), { transport: 'datagram' });
    if (!parsed.ok) throw parsed.error;
    const again = parseMessage(serializeMessage(parsed.message), { transport: 'stream' });
    if (!again.ok) throw again.error;
    expect([...again.message.headers]).toEqual([...parsed.message.headers]);
    expect(again.message.body).toEqual(parsed.message.body);
  });

  it('writes Content-Length from the body', () => {
    const parsed = parseMessage(crlf(INVITE), { transport: 'datagram' });
    if (!parsed.ok) throw parsed.error;
    expect(serializeMessage(parsed.message).toString()).toContain('Content-Length: 4\r\n\r\nab\r\n');
  });
});
