import type { Registry } from 'prom-client';
import type { SwitchMediaStats, SwitchThreadLoad } from '@vaxel/switch';
import { sampledSeriesCounter, sampledSeriesGauge, type SeriesReading } from './sampledMetrics.ts';

/** What the metrics read of the switch's threads at scrape time (the Switch fits this). */
export interface ThreadReadings {
  mediaStats(): Pick<SwitchMediaStats, 'threads'>;
  threadLoads(): SwitchThreadLoad[];
}

type MediaThread = SwitchMediaStats['threads'][number];

/**
 * Issue 11, per thread (label `thread`: `main` for the switch's own, `media-0`… for each media
 * worker, a bounded set): the calls' RTP — packets received and sent, packets lost (RFC 3550
 * §A.3), interarrival jitter now (§6.4.1: the mean and the worst of the streams received), streams
 * and calls open — and each thread's event-loop delay (the worst over its last second, by the
 * switch's own timer probe, which sees blocks the `nodejs_eventloop_lag_*` histogram misses on
 * Node 20) and utilisation. Media workers report their RTP figures once a second.
 */
export function threadReadings(registry: Registry, current: () => ThreadReadings | undefined): void {
  const media = (pick: (thread: MediaThread) => number): (() => SeriesReading | undefined) => {
    return () =>
      current()
        ?.mediaStats()
        .threads.map((thread) => [thread.thread, pick(thread)] as const);
  };
  const load = (pick: (load: SwitchThreadLoad) => number): (() => SeriesReading | undefined) => {
    return () =>
      current()
        ?.threadLoads()
        .map((thread) => [thread.thread, pick(thread)] as const);
  };
  sampledSeriesCounter(
    registry,
    'vaxel_rtp_packets_received_total',
    "RTP packets received from the calls' parties (strangers' not counted), by media thread",
    'thread',
    media((t) => t.packetsReceived),
  );
  sampledSeriesCounter(
    registry,
    'vaxel_rtp_packets_sent_total',
    "RTP packets sent to the calls' parties (relayed, played, telephone-events), by media thread",
    'thread',
    media((t) => t.packetsSent),
  );
  sampledSeriesCounter(
    registry,
    'vaxel_rtp_packets_lost_total',
    'RTP packets the parties sent that never arrived (expected minus received per stream, RFC 3550 A.3), by media thread',
    'thread',
    media((t) => t.packetsLost),
  );
  sampledSeriesGauge(
    registry,
    'vaxel_rtp_jitter_mean_seconds',
    'Interarrival jitter (RFC 3550 6.4.1) of the RTP streams received now, their mean, by media thread',
    'thread',
    media((t) => t.jitterMs.mean / 1000),
  );
  sampledSeriesGauge(
    registry,
    'vaxel_rtp_jitter_max_seconds',
    'Interarrival jitter (RFC 3550 6.4.1) of the RTP streams received now, the worst, by media thread',
    'thread',
    media((t) => t.jitterMs.max / 1000),
  );
  sampledSeriesGauge(
    registry,
    'vaxel_rtp_streams_receiving',
    'RTP streams received by the calls open now, by media thread',
    'thread',
    media((t) => t.streamsReceiving),
  );
  sampledSeriesGauge(
    registry,
    'vaxel_media_calls',
    'Calls whose audio runs on the media thread now',
    'thread',
    media((t) => t.calls),
  );
  sampledSeriesGauge(
    registry,
    'vaxel_event_loop_delay_seconds',
    "The worst event-loop delay over the thread's last second (a 10 ms timer's lateness): the switch's thread and each media worker",
    'thread',
    load((t) => t.eventLoopDelayMs / 1000),
  );
  sampledSeriesGauge(
    registry,
    'vaxel_event_loop_utilization',
    "How busy the thread's event loop was over its last second, 0 to 1: the switch's thread and each media worker",
    'thread',
    load((t) => t.utilization),
  );
}
