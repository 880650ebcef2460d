import type { Registry } from 'prom-client';
import type { SwitchEdgeStats, SwitchMediaStats, SwitchStats } from '@vaxel/switch';
import { sampledCounter, sampledGauge } from './sampledMetrics.ts';

/**
 * What the metrics read of the switch at scrape time — its counters, never its calls — and no
 * more of each figure than is read, so a figure the switch adds needs no change here (the Switch
 * itself fits this).
 */
export interface SwitchReadings {
  stats(): Pick<SwitchStats, 'calls' | 'transactions' | 'dialogs' | 'rtpPorts'>;
  edgeStats(): Pick<SwitchEdgeStats, 'statelessResponses' | 'flood'> & {
    overload: Pick<SwitchEdgeStats['overload'], 'admittedShare' | 'overloaded'>;
  };
  mediaStats(): Pick<SwitchMediaStats, 'strangerPacketsDropped'>;
  callersWaiting(): number;
}

/**
 * The switch's own figures, read when Prometheus scrapes (`collect()`), so nothing runs between
 * scrapes: calls in progress, callers waiting in the response groups' queues (summed: no label
 * per organisation or group, which would grow with the customers), SIP transactions and dialogs,
 * RTP ports in use, the flood guard's bans now; and as counters the stateless responses, the flood guard's drops and sheds and the
 * strangers' RTP dropped. `current()` is undefined until the switch exists (the API, which serves
 * the metrics, is built first): the figures stay at 0 until then.
 */
export function switchReadings(registry: Registry, current: () => SwitchReadings | undefined): void {
  const stats = () => current()?.stats();
  const edge = () => current()?.edgeStats();
  sampledGauge(
    registry,
    'vaxel_calls_in_progress',
    'Calls in progress, callbacks the switch placed included',
    () => stats()?.calls,
  );
  sampledGauge(
    registry,
    'vaxel_queue_callers_waiting',
    "Callers waiting in the response groups' queues, summed over every group (queued callbacks left out)",
    () => current()?.callersWaiting(),
  );
  sampledGauge(
    registry,
    'vaxel_sip_transactions',
    'SIP transactions in progress (RFC 3261 §17)',
    () => stats()?.transactions,
  );
  sampledGauge(registry, 'vaxel_sip_dialogs', 'SIP dialogs open (RFC 3261 §12)', () => stats()?.dialogs);
  sampledGauge(
    registry,
    'vaxel_rtp_ports_in_use',
    'RTP ports (even, with RTCP above) held by calls',
    () => stats()?.rtpPorts,
  );
  sampledGauge(registry, 'vaxel_sip_flood_bans', 'Source addresses the flood guard bans now', () => edge()?.flood.bans);
  sampledGauge(
    registry,
    'vaxel_overload_admitted_share',
    'Share of new calls the overload guard takes now (1 when not overloaded; lowered while the event loop lags)',
    () => edge()?.overload.admittedShare,
  );
  sampledGauge(
    registry,
    'vaxel_overload_active',
    'Whether new calls are being refused with 503 for overload now (1) or not (0)',
    () => {
      const overloaded = edge()?.overload.overloaded;
      return overloaded === undefined ? undefined : Number(overloaded);
    },
  );
  sampledCounter(
    registry,
    'vaxel_sip_stateless_responses_total',
    'SIP responses sent without a transaction (RFC 3261 §8.2.6: refusals before one is made)',
    () => edge()?.statelessResponses,
  );
  sampledCounter(
    registry,
    'vaxel_sip_flood_dropped_total',
    'SIP requests the flood guard dropped unanswered (a banned or flooding source)',
    () => edge()?.flood.dropped,
  );
  sampledCounter(
    registry,
    'vaxel_sip_flood_shed_total',
    "SIP requests shed to keep the known sources' share when the edge is overrun",
    () => edge()?.flood.shed,
  );
  sampledCounter(
    registry,
    'vaxel_rtp_stranger_packets_dropped_total',
    'RTP and RTCP datagrams from sources no call vouches for, dropped (RFC 7362)',
    () => current()?.mediaStats().strangerPacketsDropped,
  );
}
