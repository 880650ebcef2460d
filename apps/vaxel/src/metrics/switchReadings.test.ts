import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { sampleValue } from './sampleValue.ts';
import { switchReadings, type SwitchReadings } from './switchReadings.ts';

/** A switch's figures that the test moves by hand. */
class Figures implements SwitchReadings {
  reads = 0;
  current = { calls: 0, transactions: 0, dialogs: 0, rtpPorts: 0 };
  edge = {
    statelessResponses: 0,
    flood: { sources: 0, bans: 0, dropped: 0, shed: 0 },
    overload: { admittedShare: 1, overloaded: false },
  };
  media = { strangerPacketsDropped: 0 };
  waiting = 0;
  stats() {
    this.reads += 1;
    return this.current;
  }
  edgeStats() {
    return this.edge;
  }
  mediaStats() {
    return this.media;
  }
  callersWaiting() {
    return this.waiting;
  }
}

describe("the switch's figures read at scrape time", () => {
  it('shows the gauges as the switch has them when scraped, and reads nothing between scrapes', async () => {
    const registry = new Registry();
    const figures = new Figures();
    switchReadings(registry, () => figures);
    figures.current = { calls: 3, transactions: 7, dialogs: 2, rtpPorts: 6 };
    figures.edge = {
      ...figures.edge,
      flood: { ...figures.edge.flood, bans: 1 },
      overload: { admittedShare: 0.64, overloaded: true },
    };
    figures.waiting = 4;
    expect(figures.reads).toBe(0);
    await registry.metrics();
    expect(figures.reads).toBeGreaterThan(0);
    expect(await sampleValue(registry, 'vaxel_calls_in_progress')).toBe(3);
    expect(await sampleValue(registry, 'vaxel_sip_transactions')).toBe(7);
    expect(await sampleValue(registry, 'vaxel_sip_dialogs')).toBe(2);
    expect(await sampleValue(registry, 'vaxel_rtp_ports_in_use')).toBe(6);
    expect(await sampleValue(registry, 'vaxel_sip_flood_bans')).toBe(1);
    expect(await sampleValue(registry, 'vaxel_queue_callers_waiting')).toBe(4);
    expect(await sampleValue(registry, 'vaxel_overload_admitted_share')).toBe(0.64);
    expect(await sampleValue(registry, 'vaxel_overload_active')).toBe(1);
    figures.current = { ...figures.current, calls: 0 };
    expect(await sampleValue(registry, 'vaxel_calls_in_progress')).toBe(0);
  });

  it("turns the switch's running totals into counters that grow by what the totals grew", async () => {
    const registry = new Registry();
    const figures = new Figures();
    switchReadings(registry, () => figures);
    figures.edge = { ...figures.edge, statelessResponses: 4, flood: { sources: 9, bans: 0, dropped: 10, shed: 2 } };
    figures.media = { strangerPacketsDropped: 5 };
    await registry.metrics();
    figures.edge = { ...figures.edge, statelessResponses: 6 };
    figures.media = { strangerPacketsDropped: 8 };
    expect(await sampleValue(registry, 'vaxel_sip_stateless_responses_total')).toBe(6);
    expect(await sampleValue(registry, 'vaxel_sip_flood_dropped_total')).toBe(10);
    expect(await sampleValue(registry, 'vaxel_sip_flood_shed_total')).toBe(2);
    expect(await sampleValue(registry, 'vaxel_rtp_stranger_packets_dropped_total')).toBe(8);
  });

  it('shows 0 while there is no switch yet, and its figures once there is', async () => {
    const registry = new Registry();
    let figures: Figures | undefined;
    switchReadings(registry, () => figures);
    expect(await sampleValue(registry, 'vaxel_calls_in_progress')).toBe(0);
    expect(await sampleValue(registry, 'vaxel_sip_stateless_responses_total')).toBe(0);
    figures = new Figures();
    figures.current = { ...figures.current, calls: 1 };
    expect(await sampleValue(registry, 'vaxel_calls_in_progress')).toBe(1);
  });
});
