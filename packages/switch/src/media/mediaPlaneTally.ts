import type { ReceptionSummary, RtpDropTally } from '@vaxel/media';

/**
 * A media plane's RTP figures (issue 11, "Metrics for operators"): one thread's calls — a media
 * worker's, or the switch's own thread with `mediaWorkers: 0` — since the plane started.
 */
export interface MediaPlaneFigures {
  /** Calls whose media is open on the plane now. */
  calls: number;
  /** RTP packets the calls' endpoints took in from their parties (strangers' are not counted). */
  packetsReceived: number;
  /** RTP packets sent to the parties (relayed, played, or telephone-events). */
  packetsSent: number;
  /**
   * Packets the parties sent that never came: expected minus received per incoming stream
   * (RFC 3550 §A.3), summed; a stream's duplicates do not make it less than none.
   */
  packetsLost: number;
  /** Strangers' RTP/RTCP dropped on the plane's ports (RFC 7362). */
  strangerPacketsDropped: number;
  /** Incoming streams of the calls open now (at most two per call). */
  streamsReceiving: number;
  /** Interarrival jitter (RFC 3550 §6.4.1) of those streams now, in ms: their mean and the worst. */
  jitterMs: { mean: number; max: number };
}

/** What the tally reads of an RTP endpoint (an `RtpEndpoint` fits). */
export interface TalliedEndpoint {
  readonly stats: { packetsReceived: number; packetsSent: number };
  readonly reception: ReceptionSummary | undefined;
}

/**
 * The running figures of one media plane. The calls' endpoints are counted where they live: the
 * plane tells the tally of each call's endpoints as it opens and closes them, so nothing is
 * counted per packet beyond what each endpoint counts already, and `figures()` sums them when it
 * is read (once a second in a media worker). A closed call's totals stay in the plane's.
 */
export class MediaPlaneTally {
  /** Passed to the plane's endpoints: they count strangers' datagrams here, ports of ended calls included. */
  readonly drops: RtpDropTally = { strangerPacketsDropped: 0 };
  readonly #open = new Set<TalliedEndpoint>();
  readonly #ended = { packetsReceived: 0, packetsSent: 0, packetsLost: 0 };
  #calls = 0;

  /** Calls open on the plane now (cheap: no sum). */
  get calls(): number {
    return this.#calls;
  }

  /** A call's media opened on the plane, with its endpoints. */
  opened(endpoints: readonly TalliedEndpoint[]): void {
    this.#calls++;
    for (const endpoint of endpoints) this.#open.add(endpoint);
  }

  /** Folds a call's endpoints into the plane's totals (their last figures: call it as they close). */
  closed(endpoints: readonly TalliedEndpoint[]): void {
    if (endpoints.some((endpoint) => this.#open.has(endpoint))) this.#calls--;
    for (const endpoint of endpoints) {
      if (!this.#open.delete(endpoint)) continue;
      const { packetsReceived, packetsSent } = endpoint.stats;
      this.#ended.packetsReceived += packetsReceived;
      this.#ended.packetsSent += packetsSent;
      this.#ended.packetsLost += lost(endpoint.reception);
    }
  }

  figures(): MediaPlaneFigures {
    let { packetsReceived, packetsSent, packetsLost } = this.#ended;
    let streamsReceiving = 0;
    let jitterSum = 0;
    let jitterMax = 0;
    for (const endpoint of this.#open) {
      const stats = endpoint.stats;
      packetsReceived += stats.packetsReceived;
      packetsSent += stats.packetsSent;
      const reception = endpoint.reception;
      if (!reception) continue;
      packetsLost += lost(reception);
      streamsReceiving++;
      jitterSum += reception.jitterMs;
      jitterMax = Math.max(jitterMax, reception.jitterMs);
    }
    return {
      calls: this.#calls,
      packetsReceived,
      packetsSent,
      packetsLost,
      strangerPacketsDropped: this.drops.strangerPacketsDropped,
      streamsReceiving,
      jitterMs: { mean: streamsReceiving === 0 ? 0 : jitterSum / streamsReceiving, max: jitterMax },
    };
  }
}

function lost(reception: ReceptionSummary | undefined): number {
  return reception ? Math.max(0, reception.packetsLost) : 0;
}

/** A plane with no calls yet, or one gone. */
export function noFigures(): MediaPlaneFigures {
  return {
    calls: 0,
    packetsReceived: 0,
    packetsSent: 0,
    packetsLost: 0,
    strangerPacketsDropped: 0,
    streamsReceiving: 0,
    jitterMs: { mean: 0, max: 0 },
  };
}

/**
 * A plane's figures with the totals of the planes it took over from (a media worker replacing one
 * that died, on the same ports): its counters never go back, what is open now is its own.
 */
export function withTotalsOf(earlier: MediaPlaneFigures, figures: MediaPlaneFigures): MediaPlaneFigures {
  return {
    ...figures,
    packetsReceived: earlier.packetsReceived + figures.packetsReceived,
    packetsSent: earlier.packetsSent + figures.packetsSent,
    packetsLost: earlier.packetsLost + figures.packetsLost,
    strangerPacketsDropped: earlier.strangerPacketsDropped + figures.strangerPacketsDropped,
  };
}
