import { localTime } from './isOpen.ts';

/** Minutes the wall clock of `timeZone` is ahead of UTC at an instant. */
function offsetMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
}

/**
 * The instant the local day of `at` began in `timeZone` (R19, R60: "today" is from local midnight
 * in the organisation's time zone). On a day whose midnight a DST change skips, the first instant
 * of that local date.
 */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const [year, month, day] = localTime(at, timeZone).date.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(year, month - 1, day);
  // The offset at midnight can differ from the offset at `at` (DST changed during the day): try both.
  let start = midnightAsUtc - offsetMinutes(midnightAsUtc, timeZone) * 60_000;
  start = midnightAsUtc - offsetMinutes(start, timeZone) * 60_000;
  // Midnight skipped by a DST change: the day starts at the first instant that has the date.
  while (localTime(new Date(start), timeZone).date !== localTime(at, timeZone).date) start += 15 * 60_000;
  return new Date(start);
}
