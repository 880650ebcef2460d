import { describe, expect, it } from 'vitest';
import type { CallRecord } from '@vaxel/domain';
import { callCsvRow, csvField, csvHeader } from './callsCsv.ts';

describe('CSV fields (RFC 4180)', () => {
  it('leave plain values alone and write null as empty', () => {
    expect(csvField('101')).toBe('101');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
    expect(csvField('2026-03-02T08:00:00.000Z')).toBe('2026-03-02T08:00:00.000Z');
  });

  it('quote fields with commas, quotes or line breaks, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});

describe('CSV cells a spreadsheet could run as a formula (OWASP CSV injection)', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1+1', `"'+1+1"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['  =1+1', `"'  =1+1"`],
    ['"=1+1', `"'""=1+1"`],
    ["'=1+1", `"''=1+1"`],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['\uff1d1+1', `"'\uff1d1+1"`],
    ['+46812345678', `"'+46812345678"`],
  ])('%j gets a leading apostrophe and quotes', (cell, expected) => {
    expect(csvField(cell)).toBe(expected);
  });

  it('leaves cells with a sign or @ further in alone', () => {
    expect(csvField('Astrid Lind-Öberg')).toBe('Astrid Lind-Öberg');
    expect(csvField('anna@example.test')).toBe('anna@example.test');
  });
});

describe('a call as a CSV row', () => {
  const call: CallRecord = {
    id: 'c1',
    organisationId: 'o1',
    direction: 'inbound',
    startedAt: '2026-03-02T08:00:00.000Z',
    answeredAt: null,
    endedAt: '2026-03-02T08:01:00.000Z',
    fromNumber: '=1+1',
    fromName: '@cmd',
    toNumber: '-1',
    fromUserId: null,
    toUserId: null,
    responseGroupId: null,
    ivrMenuId: null,
    answeredByUserId: null,
    outcome: 'missed',
    waitSeconds: 12,
    talkSeconds: 0,
    path: [{ type: 'ivrMenu', id: 'm1', name: '+Main', at: '2026-03-02T08:00:00.000Z' }],
    recordingId: null,
    emergency: false,
  };

  it('neutralises every column, not only the free-text ones', () => {
    const cells = callCsvRow(call).split(',');
    expect(cells).toHaveLength(csvHeader.length);
    expect(cells[csvHeader.indexOf('fromNumber')]).toBe(`"'=1+1"`);
    expect(cells[csvHeader.indexOf('fromName')]).toBe(`"'@cmd"`);
    expect(cells[csvHeader.indexOf('toNumber')]).toBe(`"'-1"`);
    expect(cells[csvHeader.indexOf('path')]).toBe(`"'+Main"`);
    expect(cells[csvHeader.indexOf('waitSeconds')]).toBe('12');
  });
});
