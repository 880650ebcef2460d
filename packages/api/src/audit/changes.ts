import type { AuditChange } from '@vaxel/domain';
import { redacted } from './redact.ts';

/**
 * The fields of an entry's `changes`. Bookkeeping fields are left out: the id and organisation are
 * the entry's own, and when it happened is the entry's `at`.
 */
const bookkeeping = new Set(['id', 'organisationId', 'createdAt', 'updatedAt']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Every top-level field of a created object, with its value after. */
export function createdFields(after: unknown): AuditChange[] {
  if (!isRecord(after)) return after === undefined ? [] : [{ field: 'value', after: after as Json }];
  return Object.entries(after)
    .filter(([key]) => !bookkeeping.has(key))
    .map(([key, value]) => ({ field: key, after: value }));
}

/** Every top-level field of a deleted object, with its value before. */
export function deletedFields(before: unknown): AuditChange[] {
  if (!isRecord(before)) return before === undefined ? [] : [{ field: 'value', before: before as Json }];
  return Object.entries(before)
    .filter(([key]) => !bookkeeping.has(key))
    .map(([key, value]) => ({ field: key, before: value }));
}

/**
 * Only what changed between two states of one object, field by field. Nested objects (a group's
 * settings) are followed down to the field that changed (`settings.queue.maxWaitSeconds`); lists
 * are compared as a whole and shown whole (agents before → after), since their order matters and
 * an element has no stable path. A field that appears only on one side has only that side.
 */
export function changedFields(before: unknown, after: unknown): AuditChange[] {
  return diff(before, after, '');
}

function diff(before: unknown, after: unknown, prefix: string): AuditChange[] {
  if (!isRecord(before) || !isRecord(after)) {
    if (sameValue(before, after)) return [];
    const change: AuditChange = { field: prefix || 'value' };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    return [change];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes: AuditChange[] = [];
  for (const key of keys) {
    if (prefix === '' && bookkeeping.has(key)) continue;
    const path = join(prefix, key);
    const a = before[key];
    const b = after[key];
    if (isRecord(a) && isRecord(b)) {
      changes.push(...diff(a, b, path));
    } else if (!sameValue(a, b)) {
      const change: AuditChange = { field: path };
      if (key in before) change.before = a;
      if (key in after) change.after = b;
      changes.push(change);
    }
  }
  return changes;
}

/** The name people know an object by: its name, else its number, email or file name. */
export function displayName(state: unknown): string | null {
  if (!isRecord(state)) return null;
  for (const key of ['name', 'number', 'email', 'fileName']) {
    const value = state[key];
    if (typeof value === 'string' && value !== '' && value !== redacted) return value;
  }
  return null;
}

/** The id of a created object as its answer gives it (a number is its own id). */
export function objectIdOf(state: unknown): string | null {
  if (!isRecord(state)) return null;
  if (typeof state.id === 'string') return state.id;
  return typeof state.number === 'string' ? state.number : null;
}
