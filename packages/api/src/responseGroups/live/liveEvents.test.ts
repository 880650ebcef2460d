import type { ResponseGroupLive } from '@vaxel/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveEventStream } from './liveEvents.ts';

const snapshot = (n: number): ResponseGroupLive => ({
  responseGroupId: 'g',
  at: new Date(n * 1000).toISOString(),
  queue: [],
  callbacks: [],
  agents: [],
  today: {
    offered: n,
    answered: 0,
    abandoned: 0,
    callbacks: 0,
    averageWaitSeconds: null,
    longestWaitSeconds: null,
    serviceLevelSeconds: 20,
    serviceLevelPercent: null,
  },
});

function harness() {
  let reads = 0;
  let listener: (() => void) | null = null;
  let unsubscribed = 0;
  const stream = liveEventStream({
    first: snapshot(0),
    snapshot: async () => snapshot(++reads),
    subscribe: (l) => {
      listener = l;
      return [() => void (unsubscribed += 1)];
    },
    timing: { coalesceMs: 200, heartbeatMs: 15_000 },
    onError: () => {},
  });
  let text = '';
  stream.body.on('data', (chunk: Buffer) => void (text += chunk.toString()));
  const data = () =>
    text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as ResponseGroupLive);
  return {
    stream,
    change: () => listener?.(),
    data,
    text: () => text,
    reads: () => reads,
    unsubscribed: () => unsubscribed,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the live event stream body', () => {
  it('starts with the reconnect delay and the first snapshot', async () => {
    const h = harness();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.text()).toMatch(/^retry: 3000\n\ndata: /);
    expect(h.data().map((s) => s.today.offered)).toEqual([0]);
  });

  it('sends a burst of changes as one snapshot, no sooner than 200 ms after the one before', async () => {
    const h = harness();
    for (let i = 0; i < 10; i += 1) h.change();
    await vi.advanceTimersByTimeAsync(199);
    expect(h.reads()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.reads()).toBe(1);
    expect(h.data()).toHaveLength(2);
  });

  it('sends a change that comes long after the last snapshot at once', async () => {
    const h = harness();
    await vi.advanceTimersByTimeAsync(5_000);
    h.change();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.reads()).toBe(1);
  });

  it('sends a change made while a snapshot was being read in a snapshot of its own', async () => {
    const h = harness();
    h.change();
    await vi.advanceTimersByTimeAsync(200);
    h.change();
    await vi.advanceTimersByTimeAsync(200);
    expect(h.data().map((s) => s.today.offered)).toEqual([0, 1, 2]);
  });

  it('sends a heartbeat comment every 15 seconds', async () => {
    const h = harness();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(h.text().match(/^: heartbeat$/gm)).toHaveLength(2);
  });

  it('unsubscribes, stops its timers and ends the body when closed, once however often closed', async () => {
    const h = harness();
    h.change();
    h.stream.close();
    h.stream.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.unsubscribed()).toBe(1);
    expect(h.reads()).toBe(0);
    expect(h.stream.body.writableEnded).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
