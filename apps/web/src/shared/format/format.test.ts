import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatMoney, isoToZonedLocal, zonedLocalToIso } from './format.ts';

describe('times in the organisation’s time zone', () => {
  it('reads a wall-clock time typed in Stockholm as the right instant, summer and winter', () => {
    expect(zonedLocalToIso('2026-07-01T09:00', 'Europe/Stockholm')).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedLocalToIso('2026-01-15T09:00', 'Europe/Stockholm')).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedLocalToIso('2026-01-15T09:00', 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
  });

  it('shows an instant as the organisation’s wall-clock time, whatever the browser’s zone', () => {
    expect(isoToZonedLocal('2026-07-01T07:00:00.000Z', 'Europe/Stockholm')).toBe('2026-07-01T09:00');
    expect(formatDateTime('2026-07-01T07:00:00.000Z', 'Europe/Stockholm', 'sv')).toBe('2026-07-01 09:00');
    expect(formatDateTime(null, 'Europe/Stockholm', 'sv')).toBe('—');
  });

  it('formats durations and money for people', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(null)).toBe('—');
    expect(formatMoney(9900, 'SEK', 'en').replace(/\s/g, ' ')).toBe('SEK 99.00');
  });
});
