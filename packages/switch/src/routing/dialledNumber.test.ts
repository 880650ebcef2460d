import { describe, expect, it } from 'vitest';
import { InvalidDialledNumber, parseDialledNumber } from './dialledNumber.ts';

describe('parseDialledNumber', () => {
  it('reads two to six digits as an extension', () => {
    expect(parseDialledNumber('1001')).toEqual({ kind: 'extension', extension: '1001' });
  });
  it('keeps an E.164 number and drops visual separators', () => {
    expect(parseDialledNumber('+46%208-123%20456')).toEqual({ kind: 'number', number: '+468123456' });
  });
  it('turns an international 00 prefix into a plus', () => {
    expect(parseDialledNumber('0046812345678')).toEqual({ kind: 'number', number: '+46812345678' });
  });
  it('puts the default country code in front of a national number', () => {
    expect(parseDialledNumber('0812345678', '46')).toEqual({ kind: 'number', number: '+46812345678' });
  });
  it('reads a long number without a plus as E.164, as trunks send it', () => {
    expect(parseDialledNumber('46812345678')).toEqual({ kind: 'number', number: '+46812345678' });
  });
  it('refuses letters and malformed escapes', () => {
    expect(() => parseDialledNumber('alice')).toThrow(InvalidDialledNumber);
    expect(() => parseDialledNumber('%E0%A4%A')).toThrow(InvalidDialledNumber);
  });
});
