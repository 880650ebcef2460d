import type { CallRecord } from '@vaxel/domain';

/** R59: the call log as CSV (RFC 4180), one row per call, newest first as searched. */
export const csvHeader = [
  'id',
  'direction',
  'startedAt',
  'answeredAt',
  'endedAt',
  'fromNumber',
  'fromName',
  'toNumber',
  'responseGroupId',
  'ivrMenuId',
  'answeredByUserId',
  'outcome',
  'waitSeconds',
  'talkSeconds',
  'path',
  'recordingId',
  'emergency',
];

export function callCsvRow(call: CallRecord): string {
  return [
    call.id,
    call.direction,
    call.startedAt,
    call.answeredAt,
    call.endedAt,
    call.fromNumber,
    text(call.fromName),
    call.toNumber,
    call.responseGroupId,
    call.ivrMenuId,
    call.answeredByUserId,
    call.outcome,
    call.waitSeconds,
    call.talkSeconds,
    text(call.path.map((step) => step.name).join(' → ')),
    call.recordingId,
    call.emergency ? 'true' : 'false',
  ]
    .map(csvField)
    .join(',');
}

/**
 * Free text (a caller's display name comes from a SIP header anyone can set) could start a
 * spreadsheet formula; such text gets a leading apostrophe (OWASP "CSV injection").
 */
function text(value: string | null): string | null {
  if (value === null) return null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
