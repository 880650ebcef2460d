import { localTime } from './isOpen.ts';

const minuteMs = 60_000;
/** No time zone is more than 14 hours from UTC; a local day starts within this of its UTC midnight. */
const searchSpanMs = 15 * 60 * minuteMs;

/**
 * The first instant of the local day that `at` falls on in `timeZone` ("today" in R19's figures):
 * local midnight, or, where a daylight-saving change skips midnight (America/Santiago, Asia/Beirut),
 * the first minute the day has. Offsets are whole minutes, so a binary search over the minutes
 * around the date's UTC midnight finds it without a time-zone table of our own.
 */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const { date } = localTime(at, timeZone);
  const utcMidnight = Date.parse(`${date}T00:00:00.000Z`);
  let before = (utcMidnight - searchSpanMs) / minuteMs; // a minute of the day before
  let onOrAfter = Math.min((utcMidnight + searchSpanMs) / minuteMs, Math.floor(at.getTime() / minuteMs)); // a minute of the day
  while (onOrAfter - before > 1) {
    const middle = Math.floor((before + onOrAfter) / 2);
    if (localTime(new Date(middle * minuteMs), timeZone).date >= date) onOrAfter = middle;
    else before = middle;
  }
  return new Date(onOrAfter * minuteMs);
}
