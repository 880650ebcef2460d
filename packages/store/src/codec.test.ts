import { RuleViolation } from '@vaxel/domain';
import { describe, expect, it } from 'vitest';
import { fromFlag, toCount, toIso, unique } from './codec.ts';

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
