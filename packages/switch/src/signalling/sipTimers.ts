/**
 * RFC 3261 §17.1.1.1 timer values. T1 is the round-trip estimate (500 ms), T2 the longest
 * retransmit interval for non-INVITE requests and INVITE responses (4 s), T4 the longest a
 * message stays in the network (5 s). Tests shorten T1 so transactions end within a test.
 */
export interface SipTimers {
  t1: number;
  t2: number;
  t4: number;
}

export const defaultSipTimers: SipTimers = { t1: 500, t2: 4000, t4: 5000 };

/** 64·T1: Timers B, F, H, J, L and M (RFC 3261 Table 4, RFC 6026 §8.4, §8.7). */
export const sixtyFourT1 = (t: SipTimers) => 64 * t.t1;
