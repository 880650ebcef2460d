import { randomBytes, randomUUID } from 'node:crypto';
import { RuleViolation } from '@vaxel/domain';

/**
 * Column encodings shared by both dialects, so SQLite and PostgreSQL return identical values:
 * - times are text in canonical ISO 8601 UTC with milliseconds (`2026-01-02T03:04:05.000Z`),
 *   which also sorts correctly as text;
 * - settings objects are JSON text (not jsonb, which would reorder keys);
 * - booleans are integers 0/1;
 * - aggregates (PostgreSQL returns bigint/numeric as strings) are converted to numbers.
 */

export const newId = (): string => randomUUID();

let lastMs = -1;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562 §5.7) for rows read back in the order they were written (the audit
 * log): the 48-bit Unix time in milliseconds of `at`, then a 12-bit counter in `rand_a`
 * (§6.2 method 1), so ids of one millisecond sort in the order this process made them.
 */
export function newTimeOrderedId(at: Date): string {
  let ms = Math.max(0, at.getTime());
  if (ms === lastMs) {
    sequence += 1;
    // §6.2: when the counter runs out, move the timestamp on rather than repeat a value.
    if (sequence > 0xfff) {
      ms += 1;
      sequence = 0;
    }
  } else {
    sequence = 0;
  }
  lastMs = ms;
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Canonical UTC form of a time; a value that is not a time is refused, naming the field. */
export function toIso(value: string, field = 'time'): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new RuleViolation([{ path: field, message: `${value} is not an ISO 8601 time` }]);
  return date.toISOString();
}

export function toIsoOrNull(value: string | null, field?: string): string | null {
  return value === null ? null : toIso(value, field);
}

export const nowIso = (): string => new Date().toISOString();

export const toJson = (value: unknown): string => JSON.stringify(value);

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function fromJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : fromJson<T>(text);
}

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: number | boolean | string): boolean => value === true || Number(value) === 1;

/** count(*) and sum(…) come back as strings on PostgreSQL. */
export function toCount(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Keeps the first occurrence of each id, in order: join tables hold each member once. */
export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
