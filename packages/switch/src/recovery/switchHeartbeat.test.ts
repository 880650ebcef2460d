import { FakeClock } from '@vaxel/testing';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../kernel/logger.ts';
import { SwitchHeartbeat } from './switchHeartbeat.ts';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SwitchHeartbeat (issue 10)', () => {
  it('writes "alive at" at start and then every interval, until stopped', async () => {
    const clock = new FakeClock(Date.parse('2026-01-01T10:00:00Z'));
    const beats: Array<[string, string]> = [];
    const heartbeat = new SwitchHeartbeat({
      state: { heartbeat: async (id, at) => void beats.push([id, at]) },
      instanceId: 'sw1',
      clock,
      logger: silentLogger,
      intervalMs: 5000,
    });
    await heartbeat.start();
    expect(beats).toEqual([['sw1', '2026-01-01T10:00:00.000Z']]);
    clock.advance(4999);
    await settle();
    expect(beats).toHaveLength(1);
    clock.advance(1);
    await settle();
    clock.advance(5000);
    await settle();
    expect(beats.map(([, at]) => at)).toEqual([
      '2026-01-01T10:00:00.000Z',
      '2026-01-01T10:00:05.000Z',
      '2026-01-01T10:00:10.000Z',
    ]);
    await heartbeat.stop();
    clock.advance(60_000);
    await settle();
    expect(beats).toHaveLength(3);
  });

  it('logs a failed write and beats again at the next interval', async () => {
    const clock = new FakeClock(0);
    const warnings: string[] = [];
    let calls = 0;
    const heartbeat = new SwitchHeartbeat({
      state: {
        heartbeat: async () => {
          calls++;
          if (calls === 1) throw new Error('database is locked');
        },
      },
      instanceId: 'sw1',
      clock,
      logger: { ...silentLogger, warn: (message) => warnings.push(message) },
      intervalMs: 1000,
    });
    await heartbeat.start();
    expect(warnings).toEqual(['could not write the switch heartbeat']);
    clock.advance(1000);
    await settle();
    expect(calls).toBe(2);
    await heartbeat.stop();
  });
});
