import type { ReceptionSummary } from '@vaxel/media';
import { describe, expect, it } from 'vitest';
import { MediaPlaneTally, noFigures, withTotalsOf, type TalliedEndpoint } from './mediaPlaneTally.ts';

/** An endpoint whose counters the test sets. */
class Endpoint implements TalliedEndpoint {
  stats = { packetsReceived: 0, packetsSent: 0 };
  reception: ReceptionSummary | undefined = undefined;
  heard(packetsReceived: number, packetsLost: number, jitterMs: number): this {
    this.stats = { ...this.stats, packetsReceived };
    this.reception = { ssrc: 1, packetsReceived, packetsLost, jitterMs };
    return this;
  }
  sent(packetsSent: number): this {
    this.stats = { ...this.stats, packetsSent };
    return this;
  }
}

describe('a media plane’s tally', () => {
  it('sums the open calls’ packets, loss and jitter when read', () => {
    const tally = new MediaPlaneTally();
    const a = new Endpoint().heard(100, 2, 1).sent(90);
    const b = new Endpoint().heard(50, 0, 3).sent(100);
    const silent = new Endpoint().sent(10);
    tally.opened([a, b]);
    tally.opened([silent, new Endpoint()]);
    expect(tally.figures()).toEqual({
      calls: 2,
      packetsReceived: 150,
      packetsSent: 200,
      packetsLost: 2,
      strangerPacketsDropped: 0,
      streamsReceiving: 2,
      jitterMs: { mean: 2, max: 3 },
    });
    // Counted as the endpoints count: read again, the figures have moved with them.
    a.heard(150, 4, 1);
    expect(tally.figures()).toMatchObject({ packetsReceived: 200, packetsLost: 4 });
  });

  it('keeps a closed call’s totals, and takes its streams out of the jitter', () => {
    const tally = new MediaPlaneTally();
    const first = [new Endpoint().heard(100, 3, 8).sent(100), new Endpoint().heard(100, 0, 4).sent(100)];
    const second = [new Endpoint().heard(10, 0, 1), new Endpoint()];
    tally.opened(first);
    tally.opened(second);
    tally.closed(first);
    tally.closed(first); // twice changes nothing
    expect(tally.calls).toBe(1);
    expect(tally.figures()).toEqual({
      calls: 1,
      packetsReceived: 210,
      packetsSent: 200,
      packetsLost: 3,
      strangerPacketsDropped: 0,
      streamsReceiving: 1,
      jitterMs: { mean: 1, max: 1 },
    });
    tally.closed(second);
    expect(tally.figures()).toMatchObject({ calls: 0, streamsReceiving: 0, jitterMs: { mean: 0, max: 0 } });
  });

  it('never counts a stream’s duplicates as packets found (loss below none is none)', () => {
    const tally = new MediaPlaneTally();
    tally.opened([new Endpoint().heard(105, -5, 0), new Endpoint().heard(100, 1, 0)]);
    expect(tally.figures().packetsLost).toBe(1);
  });

  it('counts strangers’ packets the endpoints report, calls or none', () => {
    const tally = new MediaPlaneTally();
    tally.drops.strangerPacketsDropped += 7;
    expect(tally.figures()).toEqual({ ...noFigures(), strangerPacketsDropped: 7 });
  });

  it('carries a gone plane’s totals into its successor’s, not what was open on it', () => {
    const gone = {
      ...noFigures(),
      calls: 3,
      packetsReceived: 10,
      packetsSent: 20,
      packetsLost: 1,
      streamsReceiving: 6,
    };
    const now = {
      ...noFigures(),
      calls: 1,
      packetsReceived: 5,
      strangerPacketsDropped: 2,
      jitterMs: { mean: 1, max: 2 },
    };
    expect(withTotalsOf(gone, now)).toEqual({
      calls: 1,
      packetsReceived: 15,
      packetsSent: 20,
      packetsLost: 1,
      strangerPacketsDropped: 2,
      streamsReceiving: 0,
      jitterMs: { mean: 1, max: 2 },
    });
  });
});
