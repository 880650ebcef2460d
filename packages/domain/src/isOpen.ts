import type { Schedule, Weekday } from './schedule.ts';

const weekdays: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The local date, weekday and HH:MM of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { date: string; day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    hour12: false,
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = get('hour') === '24' ? '00' : get('hour');
  const weekday = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, day: weekday, time: `${hour}:${get('minute')}` };
}

/**
 * Whether a schedule is open at an instant, in the organisation's time zone (R15, R22, R75).
 * `null` means no opening hours are set: always open. A dated exception replaces that day's
 * weekly periods.
 */
export function isOpen(schedule: Schedule | null, at: Date, timeZone: string): boolean {
  if (schedule === null) return true;
  const local = localTime(at, timeZone);
  const exception = schedule.exceptions.find((e) => e.date === local.date);
  const periods = exception ? exception.openPeriods : schedule.openPeriods.filter((p) => p.day === local.day);
  return periods.some((p) => p.open <= local.time && local.time < p.close);
}

export { weekdays as weekdaysFromSunday };
