import { describe, expect, it } from 'vitest';
import { digitToEvent, eventToDigit, TelephoneEvent } from './telephone-event.ts';

describe('TelephoneEvent', () => {
  it('round-trips event, end bit, volume and duration', () => {
    const created = TelephoneEvent.create({ event: 11, end: true, volume: 63, duration: 1600 });
    expect([...created.bytes]).toEqual([11, 0x80 | 63, 0x06, 0x40]);
    const parsed = TelephoneEvent.parse(created.bytes);
    expect(parsed.event).toBe(11);
    expect(parsed.digit).toBe('#');
    expect(parsed.end).toBe(true);
    expect(parsed.volume).toBe(63);
    expect(parsed.duration).toBe(1600);
  });

  it('ignores the reserved bit when reading volume', () => {
    expect(TelephoneEvent.parse(Uint8Array.of(1, 0x40 | 7, 0, 0)).volume).toBe(7);
  });

  it('rejects a payload shorter than four bytes', () => {
    expect(() => TelephoneEvent.parse(Uint8Array.of(1, 2, 3))).toThrow(RangeError);
  });

  it('rejects a duration beyond 16 bits', () => {
    expect(() => TelephoneEvent.create({ event: 1, duration: 70000 })).toThrow(RangeError);
  });

  it('maps digits to event codes per RFC 4733 §3.2', () => {
    expect(digitToEvent('*')).toBe(10);
    expect(digitToEvent('d')).toBe(15);
    expect(eventToDigit(9)).toBe('9');
    expect(eventToDigit(16)).toBeUndefined();
    expect(() => digitToEvent('x')).toThrow(RangeError);
  });
});
