/** Times are shown in the organisation's time zone (R2), never the browser's. */
export function formatDateTime(iso: string | null | undefined, timeZone: string, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(date);
}

/** The time of day with seconds (a step of a call's journey), in the organisation's zone. */
export function formatTime(iso: string, timeZone: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { timeZone, timeStyle: 'medium' }).format(date);
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

export function formatMoney(minor: number, currency: string, language: string): string {
  return new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { style: 'currency', currency }).format(
    minor / 100,
  );
}

/**
 * A wall-clock time typed in the organisation's zone (YYYY-MM-DDTHH:MM) as an ISO instant with
 * offset. Finds the offset by asking Intl what the zone's clock reads at a guess and correcting.
 */
export function zonedLocalToIso(local: string, timeZone: string): string {
  const [datePart, timePart = '00:00'] = local.split('T');
  const [y, mo, d] = (datePart ?? '').split('-').map(Number);
  const [h, mi] = timePart.split(':').map(Number);
  const wanted = Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  let guess = wanted;
  for (let i = 0; i < 2; i++) guess = wanted - zoneOffsetMs(guess, timeZone);
  return new Date(guess).toISOString();
}

function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The organisation's wall-clock date-time (YYYY-MM-DDTHH:MM) of an instant, for datetime-local inputs. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const offset = zoneOffsetMs(new Date(iso).getTime(), timeZone);
  return new Date(new Date(iso).getTime() + offset).toISOString().slice(0, 16);
}
