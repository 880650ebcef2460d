import { describe, expect, it } from 'vitest';
import { SipParseError } from '../message/errors.ts';
import { StreamFramer } from './stream-framer.ts';

const message = (body: string, lengthHeader = `Content-Length: ${Buffer.byteLength(body)}`) =>
  `OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n${lengthHeader}\r\n\r\n${body}`;

describe('StreamFramer', () => {
  it('returns nothing until a whole message has arrived', () => {
    const framer = new StreamFramer(1000);
    const bytes = Buffer.from(message('hello'));
    expect(framer.push(bytes.subarray(0, 20))).toEqual([]);
    expect(framer.push(bytes.subarray(20, bytes.length - 1))).toEqual([]);
    expect(framer.push(bytes.subarray(bytes.length - 1)).map(String)).toEqual([message('hello')]);
    expect(framer.buffered).toBe(0);
  });

  it('splits back-to-back messages and skips keep-alive CRLFs between them', () => {
    const framer = new StreamFramer(1000);
    expect(framer.push(Buffer.from(`\r\n\r\n${message('a')}\r\n${message('bc')}`)).map(String)).toEqual([
      message('a'),
      message('bc'),
    ]);
  });

  it('reads the compact form of Content-Length and counts bytes, not characters', () => {
    const framer = new StreamFramer(1000);
    expect(framer.push(Buffer.from(message('åäö', 'l: 6'))).map(String)).toEqual([message('åäö', 'l: 6')]);
  });

  it.each([
    ['a missing Content-Length', message('x', 'X-Nothing: 1')],
    ['a negative Content-Length', message('x', 'Content-Length: -1')],
    ['conflicting Content-Lengths', message('x', 'Content-Length: 1\r\nContent-Length: 2')],
    ['a message over the limit', message('x'.repeat(200))],
  ])('fails on %s', (_, text) => {
    expect(() => new StreamFramer(150).push(Buffer.from(text))).toThrow(SipParseError);
  });
});
