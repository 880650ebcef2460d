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
  'endReason',
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
    call.fromName,
    call.toNumber,
    call.responseGroupId,
    call.ivrMenuId,
    call.answeredByUserId,
    call.outcome,
    call.endReason ?? null,
    call.waitSeconds,
    call.talkSeconds,
    call.path.map((step) => step.name).join(' → '),
    call.recordingId,
    call.emergency ? 'true' : 'false',
  ]
    .map(csvField)
    .join(',');
}

/**
 * A cell a spreadsheet could read as a formula (OWASP "CSV Injection"): one starting with = + - @,
 * a tab or a carriage return, also after leading spaces or quotes, which spreadsheets skip. The
 * full-width forms count too: some spreadsheet locales read them as the ASCII ones. Every column
 * is checked, not only free text: a caller's SIP user part (`=1+1@host`) arrives raw in
 * `fromNumber`, and a display name from any SIP header in `fromName`.
 */
export function looksLikeFormula(cell: string): boolean {
  return /^[\s"'\u3000]*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(cell);
}

/**
 * One RFC 4180 field. A cell that looks like a formula gets a leading apostrophe, which makes
 * spreadsheets show it as text, and is always quoted, as OWASP advises; so E.164 numbers show as
 * '+46812345678: the apostrophe is the price of a number nobody can turn into a formula.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  if (looksLikeFormula(s)) return `"'${s.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
