import { describe, expect, it } from 'vitest';
import { isOpen } from './isOpen.ts';
import type { Schedule } from './schedule.ts';

const office: Schedule = {
  openPeriods: [{ day: 'mon', open: '08:00', close: '17:00' }],
  exceptions: [{ date: '2026-12-28', name: 'Mellandagar', openPeriods: [] }],
};

describe('isOpen', () => {
  it('is open inside a weekly period in the organisation time zone', () => {
    // Monday 2026-11-30 07:30 UTC is 08:30 in Stockholm.
    expect(isOpen(office, new Date('2026-11-30T07:30:00Z'), 'Europe/Stockholm')).toBe(true);
  });

  it('is closed before opening, local time', () => {
    // 06:30 UTC is 07:30 in Stockholm.
    expect(isOpen(office, new Date('2026-11-30T06:30:00Z'), 'Europe/Stockholm')).toBe(false);
  });

  it('is closed on a dated exception even in weekly hours', () => {
    expect(isOpen(office, new Date('2026-12-28T09:00:00Z'), 'Europe/Stockholm')).toBe(false);
  });

  it('is always open without opening hours', () => {
    expect(isOpen(null, new Date('2026-12-28T03:00:00Z'), 'Europe/Stockholm')).toBe(true);
  });
});

/** Mondays to Fridays 08:00–17:00, with a holiday and a short day before Christmas. */
const weekdaysNineToFive: Schedule = {
  openPeriods: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, open: '08:00', close: '17:00' })),
  exceptions: [
    { date: '2026-12-25', name: 'Juldagen', openPeriods: [] },
    { date: '2026-12-24', name: 'Julafton', openPeriods: [{ open: '08:00', close: '12:00' }] },
    // A Saturday opened for a campaign: an exception opens a day the weekly hours keep closed.
    { date: '2026-03-28', name: 'Kampanj', openPeriods: [{ open: '10:00', close: '14:00' }] },
  ],
};

describe('isOpen across time zones', () => {
  const at = new Date('2026-11-30T13:30:00Z'); // Monday

  it('reads the same instant in each organisation’s own local time', () => {
    expect(isOpen(weekdaysNineToFive, at, 'Europe/Stockholm')).toBe(true); // 14:30
    expect(isOpen(weekdaysNineToFive, at, 'America/New_York')).toBe(true); // 08:30
    expect(isOpen(weekdaysNineToFive, at, 'Asia/Tokyo')).toBe(false); // 22:30
    expect(isOpen(weekdaysNineToFive, at, 'Pacific/Auckland')).toBe(false); // Tuesday 02:30
  });

  it('takes the local weekday, not the UTC one, near midnight', () => {
    // Friday 23:30 UTC is Saturday 08:30 in Tokyo: closed there although it is a weekday in UTC.
    expect(isOpen(weekdaysNineToFive, new Date('2026-12-04T23:30:00Z'), 'Asia/Tokyo')).toBe(false);
    // Sunday 23:30 UTC is Monday 08:30 in Tokyo: open.
    expect(isOpen(weekdaysNineToFive, new Date('2026-11-29T23:30:00Z'), 'Asia/Tokyo')).toBe(true);
  });

  it('keeps a period that ends at midnight open until the last minute', () => {
    const lateShift: Schedule = { openPeriods: [{ day: 'mon', open: '18:00', close: '24:00' }], exceptions: [] };
    expect(isOpen(lateShift, new Date('2026-11-30T22:59:00Z'), 'Europe/Stockholm')).toBe(true); // 23:59
    expect(isOpen(lateShift, new Date('2026-11-30T23:00:00Z'), 'Europe/Stockholm')).toBe(false); // Tuesday 00:00
  });
});

describe('isOpen across daylight-saving changes', () => {
  it('opens at 08:00 local time on both sides of the spring change in Stockholm', () => {
    // Friday 2026-03-27 (CET, UTC+1) and Monday 2026-03-30 (CEST, UTC+2).
    expect(isOpen(weekdaysNineToFive, new Date('2026-03-27T07:00:00Z'), 'Europe/Stockholm')).toBe(true); // 08:00 CET
    expect(isOpen(weekdaysNineToFive, new Date('2026-03-30T06:00:00Z'), 'Europe/Stockholm')).toBe(true); // 08:00 CEST
    expect(isOpen(weekdaysNineToFive, new Date('2026-03-30T05:59:00Z'), 'Europe/Stockholm')).toBe(false); // 07:59 CEST
  });

  it('closes at 17:00 local time on both sides of the autumn change in New York', () => {
    // Friday 2026-10-30 (EDT, UTC−4) and Monday 2026-11-02 (EST, UTC−5).
    expect(isOpen(weekdaysNineToFive, new Date('2026-10-30T20:59:00Z'), 'America/New_York')).toBe(true); // 16:59 EDT
    expect(isOpen(weekdaysNineToFive, new Date('2026-10-30T21:00:00Z'), 'America/New_York')).toBe(false); // 17:00 EDT
    expect(isOpen(weekdaysNineToFive, new Date('2026-11-02T21:59:00Z'), 'America/New_York')).toBe(true); // 16:59 EST
    expect(isOpen(weekdaysNineToFive, new Date('2026-11-02T22:00:00Z'), 'America/New_York')).toBe(false); // 17:00 EST
  });

  it('counts the hour repeated in autumn once as each local time it shows', () => {
    const night: Schedule = { openPeriods: [{ day: 'sun', open: '02:00', close: '03:00' }], exceptions: [] };
    // Sunday 2026-10-25 in Stockholm shows 02:00–03:00 twice: at 00:30 UTC (CEST) and at 01:30 UTC (CET).
    expect(isOpen(night, new Date('2026-10-25T00:30:00Z'), 'Europe/Stockholm')).toBe(true);
    expect(isOpen(night, new Date('2026-10-25T01:30:00Z'), 'Europe/Stockholm')).toBe(true);
    expect(isOpen(night, new Date('2026-10-25T02:30:00Z'), 'Europe/Stockholm')).toBe(false); // 03:30 CET
  });

  it('is never open in the hour skipped in spring', () => {
    const night: Schedule = { openPeriods: [{ day: 'sun', open: '02:00', close: '03:00' }], exceptions: [] };
    // Sunday 2026-03-29: 01:59 CET is followed by 03:00 CEST.
    expect(isOpen(night, new Date('2026-03-29T00:59:00Z'), 'Europe/Stockholm')).toBe(false); // 01:59
    expect(isOpen(night, new Date('2026-03-29T01:00:00Z'), 'Europe/Stockholm')).toBe(false); // 03:00
  });
});

describe('isOpen on holidays', () => {
  it('keeps a closed holiday closed all day, whatever the weekly hours', () => {
    expect(isOpen(weekdaysNineToFive, new Date('2026-12-25T10:00:00Z'), 'Europe/Stockholm')).toBe(false); // Friday 11:00
  });

  it('opens a short day only in its own periods', () => {
    expect(isOpen(weekdaysNineToFive, new Date('2026-12-24T10:59:00Z'), 'Europe/Stockholm')).toBe(true); // 11:59
    expect(isOpen(weekdaysNineToFive, new Date('2026-12-24T11:00:00Z'), 'Europe/Stockholm')).toBe(false); // 12:00
  });

  it('opens a day the weekly hours keep closed', () => {
    expect(isOpen(weekdaysNineToFive, new Date('2026-03-28T10:00:00Z'), 'Europe/Stockholm')).toBe(true); // Saturday 11:00
    expect(isOpen(weekdaysNineToFive, new Date('2026-03-21T10:00:00Z'), 'Europe/Stockholm')).toBe(false); // the Saturday before
  });

  it('dates the holiday by the organisation’s calendar, not UTC’s', () => {
    // 2026-12-24 23:30 UTC is already Christmas Day 08:30 in Tokyo: the holiday applies there.
    expect(isOpen(weekdaysNineToFive, new Date('2026-12-24T23:30:00Z'), 'Asia/Tokyo')).toBe(false);
    // …and 2026-12-25 14:00 UTC is still Christmas Day 09:00 in New York.
    expect(isOpen(weekdaysNineToFive, new Date('2026-12-25T14:00:00Z'), 'America/New_York')).toBe(false);
    // Monday 2026-12-28 in New York is an ordinary day.
    expect(isOpen(weekdaysNineToFive, new Date('2026-12-28T14:00:00Z'), 'America/New_York')).toBe(true);
  });
});
