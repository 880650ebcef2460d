import { describe, expect, it } from 'vitest';
import { startOfLocalDay } from './localDay.ts';

const start = (at: string, timeZone: string) => startOfLocalDay(new Date(at), timeZone).toISOString();

describe('startOfLocalDay', () => {
  it('is local midnight in Stockholm in winter (UTC+1)', () => {
    expect(start('2026-12-02T10:15:00Z', 'Europe/Stockholm')).toBe('2026-12-01T23:00:00.000Z');
  });

  it('is local midnight in Stockholm in summer (UTC+2)', () => {
    expect(start('2026-07-01T12:00:00Z', 'Europe/Stockholm')).toBe('2026-06-30T22:00:00.000Z');
  });

  it('takes the local date, not the UTC one, just after local midnight', () => {
    // 23:30 UTC on 1 December is already 00:30 on 2 December in Stockholm.
    expect(start('2026-12-01T23:30:00Z', 'Europe/Stockholm')).toBe('2026-12-01T23:00:00.000Z');
  });

  it('keeps the whole day on the day daylight saving time begins', () => {
    // 29 March 2026: Stockholm goes from UTC+1 to UTC+2 at 02:00; the day started at UTC+1.
    expect(start('2026-03-29T20:00:00Z', 'Europe/Stockholm')).toBe('2026-03-28T23:00:00.000Z');
  });

  it('works with half-hour offsets and west of UTC', () => {
    expect(start('2026-12-02T10:00:00Z', 'Asia/Kolkata')).toBe('2026-12-01T18:30:00.000Z');
    expect(start('2026-12-02T03:00:00Z', 'America/New_York')).toBe('2026-12-01T05:00:00.000Z');
  });

  it('is the first minute of a day whose midnight a daylight-saving change skips', () => {
    // Santiago moves its clocks from 00:00 to 01:00 on 6 September 2026 (UTC-4 to UTC-3).
    expect(start('2026-09-06T15:00:00Z', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });
});
