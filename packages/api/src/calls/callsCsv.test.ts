import { describe, expect, it } from 'vitest';
import { csvField } from './callsCsv.ts';

describe('CSV fields (RFC 4180)', () => {
  it('leave plain values alone and write null as empty', () => {
    expect(csvField('+46812345678')).toBe('+46812345678');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
  });

  it('quote fields with commas, quotes or line breaks, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });
});
