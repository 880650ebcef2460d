/**
 * Issue 10 "Toll fraud": international calls of an organisation blocked by the switch after a spike
 * of them (`OutboundLimits.internationalSpike`). It lasts until an admin lifts it: a spike is what
 * toll fraud looks like, and calls resuming on their own after a pause would let it go on.
 */
export type OutboundBlock = {
  organisationId: string;
  scope: 'international';
  reason: 'international_spike';
  /** When the block began (ISO 8601, UTC). */
  since: string;
  /** The spike that caused it: this many international calls within `seconds`. */
  calls: number;
  seconds: number;
};
