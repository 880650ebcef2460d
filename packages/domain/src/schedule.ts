import { z } from 'zod';
import { DisplayText } from './text.ts';

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

const clockPattern = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ClockTime = z.string().regex(clockPattern, 'must be HH:MM');

/** A period is open from `open` up to (not including) `close`, so 08:00–12:00 and 12:00–17:00 touch but do not overlap. */
const openBeforeClose = { message: 'open must be before close', path: ['close'] };

export const OpenPeriod = z
  .object({ day: Weekday, open: ClockTime, close: ClockTime })
  .strict()
  .refine((p) => p.open < p.close, openBeforeClose);
export type OpenPeriod = z.infer<typeof OpenPeriod>;

const ExceptionPeriod = z
  .object({ open: ClockTime, close: ClockTime })
  .strict()
  .refine((p) => p.open < p.close, openBeforeClose);

/** Whether YYYY-MM-DD names a day of the (proleptic Gregorian) calendar: no 2026-02-30, no month 13. */
export function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(
    (date) => !/^\d{4}-\d{2}-\d{2}$/.test(date) || isCalendarDate(date),
    'is not a day of the calendar (months 01–12, days within the month)',
  );

type TimedPeriod = { open: string; close: string };

/**
 * The periods among `periods` that overlap one listed before them, each with the first such one:
 * the later entry is the one to fix (in the console, the one just added). Periods whose times are
 * malformed or reversed are left to their own checks.
 */
export function overlappingPeriods(periods: TimedPeriod[]): Array<{ index: number; overlaps: number }> {
  const usable = (p: TimedPeriod) => clockPattern.test(p.open) && clockPattern.test(p.close) && p.open < p.close;
  const found: Array<{ index: number; overlaps: number }> = [];
  periods.forEach((period, index) => {
    if (!usable(period)) return;
    const overlaps = periods.findIndex(
      (other, j) => j < index && usable(other) && period.open < other.close && other.open < period.close,
    );
    if (overlaps >= 0) found.push({ index, overlaps });
  });
  return found;
}

const describePeriod = (p: TimedPeriod) => `${p.open}–${p.close}`;

/** A dated exception (holiday): closed all day, or open only in the given periods. */
export const ScheduleException = z
  .object({
    date: CalendarDate,
    name: DisplayText.max(100).default(''),
    openPeriods: z.array(ExceptionPeriod).max(48).default([]),
  })
  .strict()
  .superRefine((exception, ctx) => {
    for (const { index, overlaps } of overlappingPeriods(exception.openPeriods)) {
      ctx.addIssue({
        code: 'custom',
        path: ['openPeriods', index, 'open'],
        message: `overlaps ${describePeriod(exception.openPeriods[overlaps]!)} on the same day (openPeriods[${overlaps}])`,
      });
    }
  });
export type ScheduleException = z.infer<typeof ScheduleException>;

/**
 * Weekly opening hours plus dated exceptions, read in the organisation's time zone (R15, R22).
 * A schedule with no open periods at all is always closed; "always open" is `null` where used.
 * Periods of one weekday must not overlap and a date has at most one exception: otherwise the
 * schedule says two things about the same minute, and the admin should choose which.
 */
export const Schedule = z
  .object({
    openPeriods: z.array(OpenPeriod).max(100),
    exceptions: z.array(ScheduleException).max(400).default([]),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    const overlaps = Weekday.options.flatMap((day) => {
      const ofDay = schedule.openPeriods.map((p, index) => ({ ...p, index })).filter((p) => p.day === day);
      return overlappingPeriods(ofDay).map((o) => ({ period: ofDay[o.index]!, other: ofDay[o.overlaps]! }));
    });
    for (const { period, other } of overlaps.sort((a, b) => a.period.index - b.period.index)) {
      ctx.addIssue({
        code: 'custom',
        path: ['openPeriods', period.index, 'open'],
        message: `overlaps ${describePeriod(other)} on ${period.day} (openPeriods[${other.index}])`,
      });
    }
    const firstByDate = new Map<string, number>();
    schedule.exceptions.forEach((exception, index) => {
      const first = firstByDate.get(exception.date);
      if (first === undefined) firstByDate.set(exception.date, index);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['exceptions', index, 'date'],
          message: `${exception.date} already has an exception (exceptions[${first}]); a date can have only one`,
        });
      }
    });
  });
export type Schedule = z.infer<typeof Schedule>;
