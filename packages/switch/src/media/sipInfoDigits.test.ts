import { describe, expect, it } from 'vitest';
import { answerInfo, digitOfInfo } from './sipInfoDigits.ts';

const info = (contentType: string | null, body: string, infoPackage: string | null = null) =>
  answerInfo({ contentType, body, infoPackage });

describe('digitOfInfo', () => {
  it('reads the key of an application/dtmf-relay body', () => {
    expect(digitOfInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n')).toBe('5');
    expect(digitOfInfo('application/dtmf-relay', 'signal= #\nduration=250')).toBe('#');
    expect(digitOfInfo('application/dtmf-relay', 'Duration=160\r\nSignal=*')).toBe('*');
  });
  it('reads RFC 4733 event numbers as keys (10 is *, 11 is #)', () => {
    expect(digitOfInfo('application/dtmf-relay', 'Signal=10')).toBe('*');
    expect(digitOfInfo('application/dtmf-relay', 'Signal=11')).toBe('#');
    expect(digitOfInfo('application/dtmf', '15')).toBe('D');
  });
  it('reads the key of an application/dtmf body', () => {
    expect(digitOfInfo('application/dtmf', '5')).toBe('5');
    expect(digitOfInfo('application/dtmf', ' a\r\n')).toBe('A');
  });
  it('finds no key in a body without one', () => {
    expect(digitOfInfo('application/dtmf-relay', 'Duration=160')).toBeNull();
    expect(digitOfInfo('application/dtmf-relay', 'Signal=Z')).toBeNull();
    expect(digitOfInfo('application/dtmf', '16')).toBeNull();
    expect(digitOfInfo('text/plain', '5')).toBeNull();
  });
});

describe('answerInfo (RFC 6086 §4.2.2)', () => {
  it('answers 200 with the key to a DTMF INFO', () => {
    expect(info('application/dtmf-relay', 'Signal=5\r\nDuration=160')).toEqual({ status: 200, digit: '5' });
    expect(info('application/dtmf', '5')).toEqual({ status: 200, digit: '5' });
  });
  it('answers 200 without a key to an INFO without a body', () => {
    expect(info(null, '')).toEqual({ status: 200 });
  });
  it('answers 415 with Accept to another body type', () => {
    expect(info('application/json', '{}')).toEqual({
      status: 415,
      headers: [['Accept', 'application/dtmf-relay, application/dtmf']],
    });
  });
  it('answers 400 to a DTMF body without a key', () => {
    expect(info('application/dtmf-relay', 'Duration=160')).toMatchObject({ status: 400 });
  });
  it('answers 469 to an Info Package the switch never offered to receive', () => {
    expect(info('application/dtmf-relay', 'Signal=5', 'dtmf')).toMatchObject({ status: 469 });
  });
});
