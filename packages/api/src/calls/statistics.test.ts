import { describe, expect, it } from 'vitest';
import type { CallRecord } from '@vaxel/domain';
import type { CallSummary } from '@vaxel/store';
import { callStatistics as shape } from './statistics.ts';

/** What the store's summarise counts for these calls: quarter-hour slots, wait seconds, groups. */
function summaryOf(calls: CallRecord[]): CallSummary {
  const count = <K>(keys: K[], key: (k: K) => string) => {
    const m = new Map<string, { item: K; calls: number }>();
    for (const k of keys) m.set(key(k), { item: k, calls: (m.get(key(k))?.calls ?? 0) + 1 });
    return [...m.values()];
  };
  const quarter = (iso: string) => {
    const t = new Date(iso).getTime();
    return new Date(t - (t % 900_000)).toISOString();
  };
  return {
    slots: count(
      calls.map((c) => ({ start: quarter(c.startedAt), outcome: c.outcome })),
      (s) => `${s.start}|${s.outcome}`,
    ).map((e) => ({ ...e.item, calls: e.calls })),
    waitSeconds: count(
      calls.filter((c) => c.waitSeconds !== null).map((c) => c.waitSeconds!),
      String,
    ).map((e) => ({ seconds: e.item, calls: e.calls })),
    byResponseGroup: count(
      calls.filter((c) => c.responseGroupId).map((c) => ({ responseGroupId: c.responseGroupId!, outcome: c.outcome })),
      (g) => `${g.responseGroupId}|${g.outcome}`,
    ).map((e) => ({ ...e.item, calls: e.calls })),
  };
}

const callStatistics = (calls: CallRecord[], options: Parameters<typeof shape>[1]) => shape(summaryOf(calls), options);

const call = (startedAt: string, outcome: CallRecord['outcome'], extra: Partial<CallRecord> = {}): CallRecord => ({
  id: startedAt,
  organisationId: 'o',
  direction: 'inbound',
  startedAt,
  answeredAt: null,
  endedAt: null,
  fromNumber: '+46700000000',
  fromName: null,
  toNumber: '+46800000000',
  fromUserId: null,
  toUserId: null,
  responseGroupId: null,
  ivrMenuId: null,
  answeredByUserId: null,
  outcome,
  waitSeconds: null,
  talkSeconds: null,
  path: [],
  recordingId: null,
  emergency: false,
  ...extra,
});

const options = { bucket: 'day' as const, timeZone: 'Europe/Stockholm', groupNames: new Map([['g1', 'Care']]) };

describe('call statistics', () => {
  it('buckets by local day, so a call at 23:30 UTC belongs to the next Stockholm day', () => {
    const stats = callStatistics(
      [call('2026-06-01T21:30:00Z', 'answered'), call('2026-06-01T22:30:00Z', 'answered')],
      options,
    );
    expect(stats.series.map((p) => p.start)).toEqual(['2026-06-01', '2026-06-02']);
  });

  it('counts voicemail, busy, rejected and abandoned as missed; failed and unfinished as other', () => {
    const outcomes: CallRecord['outcome'][] = [
      'answered',
      'missed',
      'voicemail',
      'busy',
      'rejected',
      'abandoned',
      'failed',
      null,
    ];
    const stats = callStatistics(
      outcomes.map((o, i) => call(`2026-06-01T10:0${i}:00Z`, o)),
      options,
    );
    expect(stats.series).toEqual([{ start: '2026-06-01', answered: 1, missed: 5, other: 2 }]);
  });

  it('puts wait times into half-open buckets with an open-ended last one', () => {
    const waits = [0, 9, 10, 59, 60, 299, 300, 5000];
    const stats = callStatistics(
      waits.map((w, i) => call(`2026-06-01T10:0${i}:00Z`, 'answered', { waitSeconds: w })),
      options,
    );
    expect(stats.waitTimeHistogram).toEqual([
      { fromSeconds: 0, toSeconds: 10, calls: 2 },
      { fromSeconds: 10, toSeconds: 30, calls: 1 },
      { fromSeconds: 30, toSeconds: 60, calls: 1 },
      { fromSeconds: 60, toSeconds: 120, calls: 1 },
      { fromSeconds: 120, toSeconds: 300, calls: 1 },
      { fromSeconds: 300, toSeconds: null, calls: 2 },
    ]);
  });

  it('reports groups by name, and a deleted group as such', () => {
    const stats = callStatistics(
      [
        call('2026-06-01T10:00:00Z', 'answered', { responseGroupId: 'g1' }),
        call('2026-06-01T10:01:00Z', 'missed', { responseGroupId: 'gone' }),
      ],
      { ...options, bucket: 'hour' },
    );
    expect(stats.series[0]?.start).toBe('2026-06-01T12:00');
    expect(stats.byResponseGroup).toEqual([
      { responseGroupId: 'g1', name: 'Care', answered: 1, missed: 0 },
      { responseGroupId: 'gone', name: 'Deleted group', answered: 0, missed: 1 },
    ]);
  });
});
