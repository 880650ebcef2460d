import { describe, expect, it } from 'vitest';
import { startOfLocalDay } from './localDay.ts';

describe('startOfLocalDay', () => {
  it("is local midnight in the organisation's time zone, in winter and in summer", () => {
    expect(startOfLocalDay(new Date('2026-12-02T10:00:00Z'), 'Europe/Stockholm').toISOString()).toBe(
      '2026-12-01T23:00:00.000Z',
    );
    expect(startOfLocalDay(new Date('2026-07-02T10:00:00Z'), 'Europe/Stockholm').toISOString()).toBe(
      '2026-07-01T22:00:00.000Z',
    );
  });

  it('belongs to the local date, not the UTC one', () => {
    expect(startOfLocalDay(new Date('2026-12-01T23:30:00Z'), 'Europe/Stockholm').toISOString()).toBe(
      '2026-12-01T23:00:00.000Z',
    );
    expect(startOfLocalDay(new Date('2026-12-02T03:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-12-01T05:00:00.000Z',
    );
  });

  it('keeps the offset of midnight on a day the clocks change later', () => {
    // Stockholm moves to summer time at 02:00 on 29 March 2026: midnight was still UTC+1.
    expect(startOfLocalDay(new Date('2026-03-29T20:00:00Z'), 'Europe/Stockholm').toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    // and back to winter time at 03:00 on 25 October: midnight was UTC+2.
    expect(startOfLocalDay(new Date('2026-10-25T20:00:00Z'), 'Europe/Stockholm').toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    );
  });

  it('starts a day whose midnight the clocks skip at the first instant of that date', () => {
    // Santiago de Chile springs forward at 00:00 on 6 September 2026: the day starts at 01:00 local (04:00 UTC).
    expect(startOfLocalDay(new Date('2026-09-06T15:00:00Z'), 'America/Santiago').toISOString()).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });
});
