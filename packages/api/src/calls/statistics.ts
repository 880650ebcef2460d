import { localTime, missedOutcomes, type CallRecord, type CallStatistics } from '@vaxel/domain';

/** Wait-time histogram bounds in seconds; the last bucket is open-ended. */
const waitBounds = [0, 10, 30, 60, 120, 300];

/**
 * R60: calls per hour or day in the organisation's time zone, answered vs missed, the wait-time
 * distribution and per-group figures. Pure: the service feeds it the searched calls.
 */
export function callStatistics(
  calls: CallRecord[],
  options: { bucket: 'hour' | 'day'; timeZone: string; groupNames: Map<string, string> },
): CallStatistics {
  const series = new Map<string, { start: string; answered: number; missed: number; other: number }>();
  const histogram = waitBounds.map((from, i) => ({ fromSeconds: from, toSeconds: waitBounds[i + 1] ?? null, calls: 0 }));
  const groups = new Map<string, { responseGroupId: string; name: string; answered: number; missed: number }>();

  for (const call of calls) {
    const local = localTime(new Date(call.startedAt), options.timeZone);
    const start = options.bucket === 'day' ? local.date : `${local.date}T${local.time.slice(0, 2)}:00`;
    const point = series.get(start) ?? { start, answered: 0, missed: 0, other: 0 };
    const kind = call.outcome === 'answered' ? 'answered' : call.outcome && missedOutcomes.includes(call.outcome) ? 'missed' : 'other';
    point[kind] += 1;
    series.set(start, point);

    if (call.waitSeconds !== null) {
      const bucket = histogram.findLast((b) => call.waitSeconds! >= b.fromSeconds);
      if (bucket) bucket.calls += 1;
    }
    if (call.responseGroupId) {
      const id = call.responseGroupId;
      const group = groups.get(id) ?? { responseGroupId: id, name: options.groupNames.get(id) ?? 'Deleted group', answered: 0, missed: 0 };
      if (kind === 'answered') group.answered += 1;
      if (kind === 'missed') group.missed += 1;
      groups.set(id, group);
    }
  }
  return {
    bucket: options.bucket,
    series: [...series.values()].sort((a, b) => a.start.localeCompare(b.start)),
    waitTimeHistogram: histogram,
    byResponseGroup: [...groups.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
