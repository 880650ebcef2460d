import { Registry } from 'prom-client';
import { noFigures, type MediaPlaneFigures, type SwitchThreadLoad } from '@vaxel/switch';
import { describe, expect, it } from 'vitest';
import { sampleValue } from './sampleValue.ts';
import { threadReadings, type ThreadReadings } from './threadReadings.ts';

const none = noFigures();

/** Two media workers' figures and the threads' loads, moved by hand. */
class Threads implements ThreadReadings {
  media: Array<{ thread: string } & MediaPlaneFigures> = [
    { thread: 'media-0', ...none },
    { thread: 'media-1', ...none },
  ];
  loads: SwitchThreadLoad[] = [
    { thread: 'main', eventLoopDelayMs: 0, utilization: 0 },
    { thread: 'media-0', eventLoopDelayMs: 0, utilization: 0 },
    { thread: 'media-1', eventLoopDelayMs: 0, utilization: 0 },
  ];
  mediaStats() {
    return { threads: this.media };
  }
  threadLoads() {
    return this.loads;
  }
}

describe('the threads’ figures read at scrape time', () => {
  it('shows each media worker’s RTP as counters and gauges of its own thread', async () => {
    const registry = new Registry();
    const threads = new Threads();
    threadReadings(registry, () => threads);
    threads.media = [
      {
        thread: 'media-0',
        ...none,
        calls: 3,
        packetsReceived: 1000,
        packetsSent: 990,
        packetsLost: 4,
        streamsReceiving: 6,
        jitterMs: { mean: 1.5, max: 12 },
      },
      { thread: 'media-1', ...none, calls: 1, packetsReceived: 200 },
    ];
    const media0 = { thread: 'media-0' };
    expect(await sampleValue(registry, 'vaxel_rtp_packets_received_total', media0)).toBe(1000);
    expect(await sampleValue(registry, 'vaxel_rtp_packets_received_total', { thread: 'media-1' })).toBe(200);
    expect(await sampleValue(registry, 'vaxel_rtp_packets_sent_total', media0)).toBe(990);
    expect(await sampleValue(registry, 'vaxel_rtp_packets_lost_total', media0)).toBe(4);
    expect(await sampleValue(registry, 'vaxel_rtp_jitter_mean_seconds', media0)).toBe(0.0015);
    expect(await sampleValue(registry, 'vaxel_rtp_jitter_max_seconds', media0)).toBe(0.012);
    expect(await sampleValue(registry, 'vaxel_rtp_streams_receiving', media0)).toBe(6);
    expect(await sampleValue(registry, 'vaxel_media_calls', { thread: 'media-1' })).toBe(1);
    // The counters grow by what the totals grew, and never go back.
    threads.media = [{ ...threads.media[0]!, packetsReceived: 1500 }, threads.media[1]!];
    expect(await sampleValue(registry, 'vaxel_rtp_packets_received_total', media0)).toBe(1500);
    threads.media = [{ ...threads.media[0]!, packetsReceived: 1400 }, threads.media[1]!];
    expect(await sampleValue(registry, 'vaxel_rtp_packets_received_total', media0)).toBe(1500);
  });

  it('shows the event-loop delay and utilisation of the switch’s thread and of each worker', async () => {
    const registry = new Registry();
    const threads = new Threads();
    threadReadings(registry, () => threads);
    threads.loads = [
      { thread: 'main', eventLoopDelayMs: 4, utilization: 0.3 },
      { thread: 'media-0', eventLoopDelayMs: 25, utilization: 0.9 },
      { thread: 'media-1', eventLoopDelayMs: 1, utilization: 0.1 },
    ];
    expect(await sampleValue(registry, 'vaxel_event_loop_delay_seconds', { thread: 'main' })).toBe(0.004);
    expect(await sampleValue(registry, 'vaxel_event_loop_delay_seconds', { thread: 'media-0' })).toBe(0.025);
    expect(await sampleValue(registry, 'vaxel_event_loop_utilization', { thread: 'media-1' })).toBe(0.1);
  });

  it('shows no series while there is no switch yet', async () => {
    const registry = new Registry();
    threadReadings(registry, () => undefined);
    expect(await sampleValue(registry, 'vaxel_event_loop_delay_seconds', { thread: 'main' })).toBeUndefined();
    expect(await sampleValue(registry, 'vaxel_rtp_packets_received_total', { thread: 'media-0' })).toBeUndefined();
  });
});
