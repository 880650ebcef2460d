import { describe, expect, it } from 'vitest';
import { isCalendarDate, overlappingPeriods, Schedule } from './schedule.ts';

/** `['exceptions', 0, 'date']` → `exceptions[0].date`, the API's path style. */
const formatIssuePath = (path: PropertyKey[]) =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');

/** The field errors a schedule gets, as `path: message`. */
function problems(value: unknown): string[] {
  const result = Schedule.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
}

const office = [
  { day: 'mon', open: '08:00', close: '12:00' },
  { day: 'mon', open: '13:00', close: '17:00' },
  { day: 'tue', open: '08:00', close: '17:00' },
];

describe('a schedule', () => {
  it('accepts weekly periods that touch but do not overlap, and one exception per date', () => {
    expect(
      problems({
        openPeriods: [
          ...office,
          { day: 'mon', open: '12:00', close: '13:00' },
          { day: 'sat', open: '00:00', close: '24:00' },
        ],
        exceptions: [
          {
            date: '2026-12-24',
            name: 'Julafton',
            openPeriods: [
              { open: '08:00', close: '12:00' },
              { open: '12:00', close: '14:00' },
            ],
          },
          { date: '2028-02-29', name: 'Leap day', openPeriods: [] },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses a period that opens after it closes, at its close', () => {
    expect(problems({ openPeriods: [{ day: 'wed', open: '17:00', close: '08:00' }] })).toEqual([
      'openPeriods[0].close: open must be before close',
    ]);
  });

  it('refuses a period overlapping others on the same weekday once, at the open of the one listed later', () => {
    expect(problems({ openPeriods: [...office, { day: 'mon', open: '11:30', close: '14:00' }] })).toEqual([
      'openPeriods[3].open: overlaps 08:00–12:00 on mon (openPeriods[0])',
    ]);
  });

  it('refuses a period inside another and an exact copy, but not the same hours on another day', () => {
    expect(
      problems({
        openPeriods: [
          { day: 'fri', open: '09:00', close: '10:00' },
          { day: 'fri', open: '08:00', close: '17:00' },
          { day: 'thu', open: '08:00', close: '17:00' },
          { day: 'thu', open: '08:00', close: '17:00' },
        ],
      }),
    ).toEqual([
      'openPeriods[1].open: overlaps 09:00–10:00 on fri (openPeriods[0])',
      'openPeriods[3].open: overlaps 08:00–17:00 on thu (openPeriods[2])',
    ]);
  });

  it.each([
    ['2026-02-30', 'a 30th of February'],
    ['2026-02-29', 'a 29th of February outside a leap year'],
    ['2026-13-01', 'a 13th month'],
    ['2026-00-10', 'a month 00'],
    ['2026-04-31', 'a 31st of April'],
    ['2026-05-00', 'a day 00'],
  ])('refuses the impossible date %s (%s) at the exception date', (date) => {
    expect(problems({ openPeriods: [], exceptions: [{ date }] })).toEqual([
      'exceptions[0].date: is not a day of the calendar (months 01–12, days within the month)',
    ]);
  });

  it('refuses a date in another format once, with the format', () => {
    expect(problems({ openPeriods: [], exceptions: [{ date: '24/12/2026' }] })).toEqual([
      'exceptions[0].date: must be YYYY-MM-DD',
    ]);
  });

  it('refuses a second exception for the same date, at the later one', () => {
    expect(
      problems({
        openPeriods: [],
        exceptions: [{ date: '2026-12-24' }, { date: '2026-12-25' }, { date: '2026-12-24', name: 'Julafton again' }],
      }),
    ).toEqual(['exceptions[2].date: 2026-12-24 already has an exception (exceptions[0]); a date can have only one']);
  });

  it('refuses overlapping and reversed periods within one exception', () => {
    expect(
      problems({
        openPeriods: [],
        exceptions: [
          {
            date: '2026-12-24',
            openPeriods: [
              { open: '08:00', close: '12:00' },
              { open: '10:00', close: '11:00' },
              { open: '15:00', close: '14:00' },
            ],
          },
        ],
      }),
    ).toEqual([
      'exceptions[0].openPeriods[2].close: open must be before close',
      'exceptions[0].openPeriods[1].open: overlaps 08:00–12:00 on the same day (openPeriods[0])',
    ]);
  });
});

describe('calendar dates', () => {
  it('know leap years by the Gregorian rule', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2026-12-31')).toBe(true);
  });
});

describe('overlapping periods', () => {
  it('names each period that overlaps one listed before it, with the first of those', () => {
    const periods = [
      { open: '09:00', close: '10:00' },
      { open: '11:00', close: '12:00' },
      { open: '08:00', close: '18:00' },
      { open: '18:00', close: '19:00' },
    ];
    expect(overlappingPeriods(periods)).toEqual([{ index: 2, overlaps: 0 }]);
  });

  it('ignores malformed or reversed periods, which have their own errors', () => {
    expect(
      overlappingPeriods([
        { open: '08:00', close: '12:00' },
        { open: '9am', close: '11:00' },
        { open: '11:00', close: '10:00' },
      ]),
    ).toEqual([]);
  });
});
