import { describe, expect, it } from 'vitest';
import { until } from './until.ts';

describe('until', () => {
  it('returns as soon as the condition holds, checking it again meanwhile', async () => {
    let checks = 0;
    await until('the third check', () => ++checks === 3, { intervalMs: 1 });
    expect(checks).toBe(3);
  });

  it('awaits an asynchronous condition', async () => {
    let value = 0;
    setImmediate(() => (value = 1));
    await until('value set', async () => value === 1, { intervalMs: 1 });
    expect(value).toBe(1);
  });

  it('fails naming what it waited for and what was still missing', async () => {
    await expect(until('the call answered', () => 'calls: 0', { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      'not reached within 30 ms: the call answered (calls: 0)',
    );
    await expect(until('never', () => false, { timeoutMs: 10, intervalMs: 5 })).rejects.toThrow(
      'not reached within 10 ms: never',
    );
  });
});
