import { randomUUID } from 'node:crypto';
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

/** Canonical UTC form of a time; a value that is not a time is refused, naming the field. */
export function toIso(value: string, field = 'time'): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new RuleViolation([{ path: field, message: `${value} is not an ISO 8601 time` }]);
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
