import { localTime, missedOutcomes, type CallOutcome, type CallStatistics } from '@vaxel/domain';
import type { CallSummary } from '@vaxel/store';

/** Wait-time histogram bounds in seconds; the last bucket is open-ended. */
const waitBounds = [0, 10, 30, 60, 120, 300];

type Kind = 'answered' | 'missed' | 'other';
const kindOf = (outcome: CallOutcome | null): Kind =>
  outcome === 'answered' ? 'answered' : outcome && missedOutcomes.includes(outcome) ? 'missed' : 'other';

/**
 * R60: calls per hour or day in the organisation's time zone, answered vs missed, the wait-time
 * distribution and per-group figures. Pure: the store counts (in UTC quarter-hours, so every
 * time zone offset buckets exactly), this shapes the counts for the console's charts.
 */
export function callStatistics(
  summary: CallSummary,
  options: { bucket: 'hour' | 'day'; timeZone: string; groupNames: Map<string, string> },
): CallStatistics {
  const series = new Map<string, { start: string; answered: number; missed: number; other: number }>();
  for (const slot of summary.slots) {
    const local = localTime(new Date(slot.start), options.timeZone);
    const start = options.bucket === 'day' ? local.date : `${local.date}T${local.time.slice(0, 2)}:00`;
    const point = series.get(start) ?? { start, answered: 0, missed: 0, other: 0 };
    point[kindOf(slot.outcome)] += slot.calls;
    series.set(start, point);
  }

  const histogram = waitBounds.map((from, i) => ({
    fromSeconds: from,
    toSeconds: waitBounds[i + 1] ?? null,
    calls: 0,
  }));
  for (const wait of summary.waitSeconds) {
    const bucket = histogram.findLast((b) => wait.seconds >= b.fromSeconds);
    if (bucket) bucket.calls += wait.calls;
  }

  const groups = new Map<string, { responseGroupId: string; name: string; answered: number; missed: number }>();
  for (const row of summary.byResponseGroup) {
    const id = row.responseGroupId;
    const group = groups.get(id) ?? {
      responseGroupId: id,
      name: options.groupNames.get(id) ?? 'Deleted group',
      answered: 0,
      missed: 0,
    };
    const kind = kindOf(row.outcome);
    if (kind !== 'other') group[kind] += row.calls;
    groups.set(id, group);
  }

  return {
    bucket: options.bucket,
    series: [...series.values()].sort((a, b) => a.start.localeCompare(b.start)),
    waitTimeHistogram: histogram,
    byResponseGroup: [...groups.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
