import type { Registry } from 'prom-client';
import { KNOWN_METHODS, type SipMessage, type SipRequest, type SipTrafficObserver } from '@vaxel/sip';
import { TallyCounter, type Tally } from './tallyCounter.ts';

/**
 * The methods counted by name: RFC 3261's and the common extensions' (@vaxel/sip's
 * `KNOWN_METHODS`, the ones it answers 405 rather than 501 for). Any other method is counted as
 * `other`, so a peer cannot grow the label set by inventing methods.
 */
export const countedMethods = KNOWN_METHODS;

/** Status codes are counted exactly within RFC 3261 §7.2's 100–699; anything else is `other`. */
const lowestStatus = 100;
const highestStatus = 699;

/** Requests by method and responses by status, one direction (received or sent). */
class DirectionCounters {
  readonly #byMethod = new Map<string, Tally>();
  readonly #otherMethod: Tally;
  readonly #responses: TallyCounter;
  /** A status's series, made on its first response (at most 600, so the label set stays bounded). */
  readonly #byStatus: Array<Tally | undefined> = new Array(highestStatus - lowestStatus + 1);
  readonly #otherStatus: Tally;

  constructor(registry: Registry, direction: 'received' | 'sent') {
    const requests = new TallyCounter(
      registry,
      `vaxel_sip_requests_${direction}_total`,
      `SIP requests ${direction} by method (retransmissions included; other: a method not known by name)`,
      ['method'],
    );
    for (const method of countedMethods) this.#byMethod.set(method, requests.series({ method }));
    this.#otherMethod = requests.series({ method: 'other' });
    this.#responses = new TallyCounter(
      registry,
      `vaxel_sip_responses_${direction}_total`,
      `SIP responses ${direction} by status code (retransmissions included; other: outside 100-699)`,
      ['status'],
    );
    this.#otherStatus = this.#responses.series({ status: 'other' });
  }

  count(message: SipMessage): void {
    if (message.kind === 'request') {
      (this.#byMethod.get(message.method) ?? this.#otherMethod).count += 1;
      return;
    }
    const status = message.status;
    if (!Number.isInteger(status) || status < lowestStatus || status > highestStatus) {
      this.#otherStatus.count += 1;
      return;
    }
    const index = status - lowestStatus;
    (this.#byStatus[index] ??= this.#responses.series({ status: String(status) })).count += 1;
  }
}

/**
 * The transaction layer's view of SIP traffic (packages/sip traffic-observer.ts) as Prometheus
 * counters: `vaxel_sip_requests_{received,sent}_total{method}`,
 * `vaxel_sip_responses_{received,sent}_total{status}`, `vaxel_sip_retransmissions_sent_total` and
 * `vaxel_sip_retransmissions_received_total`. Called per message: each call adds one to a series
 * resolved in advance (see tallyCounter.ts) and never throws.
 */
export class SipTrafficMetrics implements SipTrafficObserver {
  readonly #received: DirectionCounters;
  readonly #sent: DirectionCounters;
  readonly #retransmissionsSent: Tally;
  readonly #retransmissionsReceived: Tally;

  constructor(registry: Registry) {
    this.#received = new DirectionCounters(registry, 'received');
    this.#sent = new DirectionCounters(registry, 'sent');
    this.#retransmissionsSent = new TallyCounter(
      registry,
      'vaxel_sip_retransmissions_sent_total',
      'SIP messages a transaction sent again (RFC 3261 §17 timers A, E, G; a final response or ACK repeated)',
    ).series();
    this.#retransmissionsReceived = new TallyCounter(
      registry,
      'vaxel_sip_retransmissions_received_total',
      'Retransmitted SIP requests absorbed by their server transaction (RFC 3261 §17.2)',
    ).series();
  }

  received(message: SipMessage): void {
    this.#received.count(message);
  }

  sent(message: SipMessage): void {
    this.#sent.count(message);
  }

  retransmissionSent(_message: SipMessage): void {
    this.#retransmissionsSent.count += 1;
  }

  retransmissionReceived(_request: SipRequest): void {
    this.#retransmissionsReceived.count += 1;
  }
}
