import { describe, expect, it } from 'vitest';
import { ThreadLoadWindow } from './threadLoad.ts';

describe('a thread’s load over its last second', () => {
  it('is nothing before the first sample', () => {
    expect(new ThreadLoadWindow().reading()).toEqual({ eventLoopDelayMs: 0, utilization: 0 });
  });

  it('reads the worst delay and the mean utilisation of the samples it holds', () => {
    const window = new ThreadLoadWindow(4);
    window.add({ eventLoopDelayMs: 2, utilization: 0.2 });
    window.add({ eventLoopDelayMs: 30, utilization: 0.6 });
    expect(window.reading()).toEqual({ eventLoopDelayMs: 30, utilization: 0.4 });
  });

  it('forgets a sample once the window has moved past it', () => {
    const window = new ThreadLoadWindow(3);
    window.add({ eventLoopDelayMs: 90, utilization: 1 });
    for (let i = 0; i < 3; i++) window.add({ eventLoopDelayMs: 1, utilization: 0.1 });
    const reading = window.reading();
    expect(reading.eventLoopDelayMs).toBe(1);
    expect(reading.utilization).toBeCloseTo(0.1, 10);
  });
});
