import { RuleViolation } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { fromFlag, newTimeOrderedId, toCount, toIso, unique } from './codec.ts';

describe('column encodings', () => {
  it('stores every time in one canonical UTC form, so text order is time order', () => {
    expect(toIso('2026-03-01T10:00:00+01:00')).toBe('2026-03-01T09:00:00.000Z');
    expect(toIso('2026-03-01T09:00:00Z')).toBe('2026-03-01T09:00:00.000Z');
    expect(toIso('2026-03-01T09:00:00.5Z') > toIso('2026-03-01T09:00:00Z')).toBe(true);
  });

  it('refuses a time it cannot read, naming the field', () => {
    expect(() => toIso('yesterday', 'from')).toThrow(RuleViolation);
    expect(() => toIso('yesterday', 'from')).toThrow(/from: yesterday/);
  });

  it('reads flags and counts the way either driver returns them', () => {
    expect([fromFlag(1), fromFlag(0), fromFlag(true), fromFlag('1')]).toEqual([true, false, true, true]);
    expect([toCount('12'), toCount(12), toCount(12n), toCount(null)]).toEqual([12, 12, 12, 0]);
  });

  it('keeps the first of repeated ids, in order', () => {
    expect(unique(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
  });
});

describe('time-ordered ids', () => {
  it('are UUID version 7 carrying the millisecond they were made for', () => {
    const at = new Date('2026-03-01T09:00:00.123Z');
    const id = newTimeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });

  it('sort in the order they were made, also many within one millisecond and across milliseconds', () => {
    const at = new Date('2026-03-01T09:00:00.000Z');
    const ids = [
      ...Array.from({ length: 300 }, () => newTimeOrderedId(at)),
      newTimeOrderedId(new Date(at.getTime() + 1)),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
