/**
 * RFC 3261 timer values (§17, Table 4 in Appendix A). T1 is the RTT estimate, T2 the maximum
 * retransmit interval for non-INVITE requests and INVITE responses, T4 how long a message may
 * stay in the network. Every other timer derives from these.
 */
export interface TimerSettings {
  /** RTT estimate, default 500 ms. */
  readonly T1: number;
  /** Maximum retransmit interval, default 4 s. */
  readonly T2: number;
  /** Maximum duration a message remains in the network, default 5 s. */
  readonly T4: number;
  /** Timer C (§16.6 item 11), proxy INVITE transaction timeout; > 3 minutes. Undefined disables it. */
  readonly timerC?: number;
  /**
   * Timer D override. §17.1.1.2 asks for at least 32 s on unreliable transports, so that the
   * retransmitted final responses of a slow network are still absorbed; only a test on loopback,
   * where nothing is delayed, may shorten it.
   */
  readonly timerD?: number;
}

export const DEFAULT_TIMERS: TimerSettings = { T1: 500, T2: 4000, T4: 5000 };

/** Derived durations, named as in the RFC. "64*T1" is 32 s with the default T1. */
export function timerValues(settings: TimerSettings) {
  const { T1, T2, T4 } = settings;
  return {
    /** INVITE request retransmit interval (initial), unreliable transports only. */
    A: T1,
    /** INVITE transaction timeout. */
    B: 64 * T1,
    /** Wait time for response retransmits after a non-2xx final to INVITE: at least 32 s unreliable. */
    D: settings.timerD ?? Math.max(32_000, 64 * T1),
    /** Non-INVITE request retransmit interval (initial), unreliable only. */
    E: T1,
    /** Non-INVITE transaction timeout. */
    F: 64 * T1,
    /** INVITE response retransmit interval (initial). */
    G: T1,
    /** Wait time for ACK receipt. */
    H: 64 * T1,
    /** Wait time for ACK retransmits. */
    I: T4,
    /** Wait time for non-INVITE request retransmits. */
    J: 64 * T1,
    /** Wait time for response retransmits (non-INVITE client). */
    K: T4,
    /** RFC 6026: wait time for accepted INVITE request retransmits (server). */
    L: 64 * T1,
    /** RFC 6026: wait time for retransmission of 2xx to INVITE (client). */
    M: 64 * T1,
    T2,
  };
}

export type TimerValues = ReturnType<typeof timerValues>;
