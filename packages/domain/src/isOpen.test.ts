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
