import { describe, expect, it } from 'vitest';
import { OverloadGuard, type OverloadOptions, type OverloadReport } from './overloadGuard.ts';

function guardWith(limits: OverloadOptions, random: () => number = () => 0.5) {
  const clock = { ms: 1_000_000 };
  const reports: OverloadReport[] = [];
  const guard = new OverloadGuard({ now: () => clock.ms, random, report: (e) => reports.push(e), limits });
  return { guard, clock, reports };
}

const calm = { eventLoopDelayMs: 1, transactions: 10, utilization: 0.3, sipQueueDelayMs: 0 };
const laggy = { eventLoopDelayMs: 200, transactions: 10, utilization: 0.97, sipQueueDelayMs: 0 };

function admittedOf(guard: OverloadGuard, calls: number, inProgress = 0): number {
  let admitted = 0;
  for (let i = 0; i < calls; i++) if (guard.admit(inProgress).admitted) admitted++;
  return admitted;
}

describe('OverloadGuard', () => {
  it('admits every call when no cap is set and the load is low', () => {
    const { guard, reports } = guardWith({});
    guard.sample(calm);
    expect(admittedOf(guard, 5000)).toBe(5000);
    expect(reports).toEqual([]);
    expect(guard.stats().overloaded).toBe(false);
  });

  it('admits at most the configured calls per second, then again as the second slides on', () => {
    const { guard, clock } = guardWith({ maxCallsPerSecond: 5 });
    expect(admittedOf(guard, 8)).toBe(5);
    const refused = guard.admit(0);
    expect(refused).toEqual({ admitted: false, reason: 'call_rate', retryAfterSeconds: 1 });
    clock.ms += 500;
    expect(admittedOf(guard, 3)).toBe(0);
    clock.ms += 500;
    expect(admittedOf(guard, 8)).toBe(5);
  });

  it('spreads the rate over the second: calls admitted half a second ago still count', () => {
    const { guard, clock } = guardWith({ maxCallsPerSecond: 10 });
    expect(admittedOf(guard, 6)).toBe(6);
    clock.ms += 500;
    expect(admittedOf(guard, 6)).toBe(4);
    clock.ms += 500; // the first six have left the window, the last four not yet
    expect(admittedOf(guard, 10)).toBe(6);
  });

  it('refuses a call when the calls in progress reach the cap', () => {
    const { guard } = guardWith({ maxCalls: 3 });
    expect(guard.admit(2).admitted).toBe(true);
    expect(guard.admit(3)).toMatchObject({ admitted: false, reason: 'concurrent_calls' });
  });

  it('draws a call attempt before its challenge by the load alone: caps count only calls taken', () => {
    const { guard } = guardWith({ maxCallsPerSecond: 1, maxCalls: 1 }, () => 0.85);
    expect(guard.admitAttempt()).toEqual({ admitted: true });
    expect(guard.admitAttempt()).toEqual({ admitted: true });
    expect(guard.admit(0).admitted).toBe(true); // the one call taken
    guard.sample(laggy);
    guard.sample(laggy);
    expect(guard.admitAttempt()).toEqual({ admitted: false, reason: 'event_loop_delay', retryAfterSeconds: 1 });
    expect(guard.stats().refusals.event_loop_delay).toBe(1);
  });

  it('sheds new calls while SIP datagrams wait in the socket’s queue, and says why', () => {
    const { guard } = guardWith({}, () => 0.85);
    const backlogged = { eventLoopDelayMs: 5, transactions: 10, utilization: 0.6, sipQueueDelayMs: 120 };
    guard.sample(backlogged);
    guard.sample(backlogged);
    expect(guard.admit(0)).toEqual({ admitted: false, reason: 'sip_queue_delay', retryAfterSeconds: 1 });
    expect(guard.stats().admittedShare).toBeCloseTo(0.8);
    // A wait under its limit but not yet under half of it holds the share; an emptied queue raises it.
    guard.sample({ ...backlogged, sipQueueDelayMs: 40 });
    expect(guard.stats().admittedShare).toBeCloseTo(0.8);
    guard.sample({ ...backlogged, sipQueueDelayMs: 0 });
    expect(guard.stats().admittedShare).toBeCloseTo(0.85);
  });

  it('sheds a growing share of new calls while the event loop lags, and says why', () => {
    const { guard } = guardWith({}, () => 0.85);
    guard.sample(laggy);
    guard.sample(laggy); // the second in a row: admitted share 0.8, a draw of 0.85 is refused
    expect(guard.admit(0)).toEqual({ admitted: false, reason: 'event_loop_delay', retryAfterSeconds: 1 });
    expect(guard.stats().admittedShare).toBeCloseTo(0.8);
    for (let i = 0; i < 40; i++) guard.sample(laggy);
    expect(guard.stats().admittedShare).toBeCloseTo(0.05);
  });

  it('lowers nothing for one overloaded sample (a GC pause), and admits about 80 % after two in a row', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const { guard } = guardWith({}, random);
    guard.sample(laggy);
    expect(guard.stats().admittedShare).toBe(1);
    guard.sample(calm);
    guard.sample(laggy);
    expect(guard.stats().admittedShare).toBe(1);
    guard.sample(laggy);
    const admitted = admittedOf(guard, 10_000);
    expect(admitted).toBeGreaterThan(7700);
    expect(admitted).toBeLessThan(8300);
  });

  it("does not count a delay while the thread is mostly idle: it is the machine's, not the switch's work", () => {
    const { guard } = guardWith({}, () => 0.99);
    guard.sample({ eventLoopDelayMs: 300, transactions: 10, utilization: 0.4, sipQueueDelayMs: 0 });
    expect(guard.stats().admittedShare).toBe(1);
    expect(guard.admit(0).admitted).toBe(true);
    // And a busy thread whose delay is long recovers as soon as it is no longer busy.
    guard.sample(laggy);
    guard.sample(laggy);
    guard.sample({ eventLoopDelayMs: 300, transactions: 10, utilization: 0.3, sipQueueDelayMs: 0 });
    expect(guard.stats().admittedShare).toBeCloseTo(0.85);
  });

  it('counts too many transactions in flight as overload', () => {
    const { guard } = guardWith({ maxTransactions: 100 }, () => 0.9);
    guard.sample({ eventLoopDelayMs: 1, transactions: 150, utilization: 0.2, sipQueueDelayMs: 0 });
    guard.sample({ eventLoopDelayMs: 1, transactions: 150, utilization: 0.2, sipQueueDelayMs: 0 });
    expect(guard.admit(0)).toMatchObject({ admitted: false, reason: 'transactions' });
  });

  it('holds the share between the limits and recovers only once the load is well below them', () => {
    const { guard } = guardWith({ eventLoopDelayMs: 40 });
    guard.sample(laggy);
    guard.sample(laggy);
    const share = guard.stats().admittedShare;
    guard.sample({ eventLoopDelayMs: 30, transactions: 10, utilization: 0.9, sipQueueDelayMs: 0 }); // below the limit, not below half of it
    expect(guard.stats().admittedShare).toBe(share);
    guard.sample({ eventLoopDelayMs: 10, transactions: 10, utilization: 0.9, sipQueueDelayMs: 0 });
    expect(guard.stats().admittedShare).toBeCloseTo(share + 0.05);
  });

  it('reports one start and one end per overload episode, not one line per refused call', () => {
    const { guard, clock, reports } = guardWith({ maxCallsPerSecond: 2 });
    admittedOf(guard, 50);
    expect(reports).toEqual([
      {
        type: 'overload_started',
        reason: 'call_rate',
        admittedShare: 1,
        load: { eventLoopDelayMs: 0, transactions: 0, utilization: 0, sipQueueDelayMs: 0 },
      },
    ]);
    clock.ms += 400;
    guard.sample(calm);
    expect(reports).toHaveLength(1); // refusals less than a second ago: still overloaded
    expect(guard.stats()).toMatchObject({ overloaded: true, refusals: { call_rate: 48 } });
    clock.ms += 1000;
    guard.sample(calm);
    expect(reports[1]).toEqual({ type: 'overload_ended', refused: 48, seconds: 1.4 });
    expect(guard.stats().overloaded).toBe(false);
  });

  it('does not end an episode while the admitted share is still below 100 %', () => {
    const { guard, clock, reports } = guardWith({}, () => 0.99);
    guard.sample(laggy);
    guard.sample(laggy);
    guard.admit(0);
    clock.ms += 5000;
    for (let i = 0; i < 3; i++) guard.sample(calm);
    expect(reports.map((r) => r.type)).toEqual(['overload_started']);
    for (let i = 0; i < 10; i++) guard.sample(calm);
    expect(reports.map((r) => r.type)).toEqual(['overload_started', 'overload_ended']);
  });

  it('does not count refused calls against the rate, so the admitted rate stays at the cap under any offered load', () => {
    const { guard, clock } = guardWith({ maxCallsPerSecond: 100 });
    let admitted = 0;
    for (let tick = 0; tick < 100; tick++) {
      admitted += admittedOf(guard, 50); // 500 calls/s offered, 5× the cap, for 10 s
      clock.ms += 100;
    }
    expect(admitted).toBe(1000);
  });
});
