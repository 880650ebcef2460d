import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.ts';

describe('FakeClock', () => {
  it('fires nothing until time is advanced', () => {
    const clock = new FakeClock();
    let fired = false;
    clock.setTimeout(() => (fired = true), 100);
    clock.advance(99);
    expect(fired).toBe(false);
    clock.advance(1);
    expect(fired).toBe(true);
  });

  it('fires timers in due order and shows each its due time', () => {
    const clock = new FakeClock(1000);
    const seen: Array<[string, number]> = [];
    clock.setTimeout(() => seen.push(['b', clock.now()]), 200);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 100);
    clock.advance(500);
    expect(seen).toEqual([
      ['a', 1100],
      ['b', 1200],
    ]);
    expect(clock.now()).toBe(1500);
  });

  it('fires a timer set by a firing timer within the same advance', () => {
    const clock = new FakeClock();
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.now());
      clock.setTimeout(() => seen.push(clock.now()), 50);
    }, 50);
    clock.advance(100);
    expect(seen).toEqual([50, 100]);
  });

  it('does not fire a cleared timer', () => {
    const clock = new FakeClock();
    let fired = false;
    const handle = clock.setTimeout(() => (fired = true), 10);
    clock.clearTimeout(handle);
    clock.advance(20);
    expect(fired).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses to go backwards', () => {
    expect(() => new FakeClock().advance(-1)).toThrow(RangeError);
  });
});
