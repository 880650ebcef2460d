import { z } from 'zod';
import { DisplayText } from './text.ts';

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM');

export const OpenPeriod = z
  .object({ day: Weekday, open: ClockTime, close: ClockTime })
  .strict()
  .refine((p) => p.open < p.close, { message: 'open must be before close', path: ['close'] });
export type OpenPeriod = z.infer<typeof OpenPeriod>;

/** A dated exception (holiday): closed all day, or open only in the given periods. */
export const ScheduleException = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
    name: DisplayText.max(100).default(''),
    openPeriods: z
      .array(z.object({ open: ClockTime, close: ClockTime }).strict())
      .default([]),
  })
  .strict();
export type ScheduleException = z.infer<typeof ScheduleException>;

/**
 * Weekly opening hours plus dated exceptions, read in the organisation's time zone (R15, R22).
 * A schedule with no open periods at all is always closed; "always open" is `null` where used.
 */
export const Schedule = z
  .object({
    openPeriods: z.array(OpenPeriod).max(100),
    exceptions: z.array(ScheduleException).max(400).default([]),
  })
  .strict();
export type Schedule = z.infer<typeof Schedule>;
