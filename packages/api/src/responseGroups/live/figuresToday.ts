import { isOpen, type CallRecord, type GroupFiguresToday, type Schedule } from '@vaxel/domain';

/**
 * R19's figures of a response group for today, from the call log (the calls through the group
 * since local midnight, `calls.listForGroup`). Pure, so each rule reads as a line:
 *
 * - offered: every call to the group, except those that came while it was closed. The record does
 *   not say "closed", so a call is taken to have met closed hours when nobody answered it and it
 *   started outside the group's opening hours as they are set now (a change of the hours during
 *   the day moves earlier calls with it; answered calls always count).
 * - answered: answered by an agent (in progress or ended answered).
 * - abandoned: the caller hung up while waiting (outcome `abandoned`).
 * - callbacks: calls with a `callback` path step (the caller asked to be called back).
 * - average and longest wait: over offered calls whose wait is known (answered, or ended).
 * - service level: answered within `serviceLevelSeconds` of waiting, as a share of the offered
 *   calls whose wait is over (answered, or ended), in percent with one decimal; a caller still
 *   waiting has not missed the target yet. Null until the first wait is over.
 */
export function figuresToday(
  calls: readonly CallRecord[],
  group: { openingHours: Schedule | null; serviceLevelSeconds: number; timeZone: string },
): GroupFiguresToday {
  const offered = calls.filter(
    (call) => answeredByAgent(call) || isOpen(group.openingHours, new Date(call.startedAt), group.timeZone),
  );
  const answered = offered.filter(answeredByAgent);
  // Calls still waiting have no wait yet (the switch writes it at answer or end).
  const waits = offered.map((call) => call.waitSeconds).filter((wait): wait is number => wait !== null);
  const withinTarget = answered.filter(
    (call) => call.waitSeconds !== null && call.waitSeconds <= group.serviceLevelSeconds,
  );
  return {
    offered: offered.length,
    answered: answered.length,
    abandoned: offered.filter((call) => call.outcome === 'abandoned').length,
    callbacks: offered.filter((call) => call.path.some((step) => step.type === 'callback')).length,
    averageWaitSeconds:
      waits.length === 0 ? null : oneDecimal(waits.reduce((sum, wait) => sum + wait, 0) / waits.length),
    longestWaitSeconds: waits.length === 0 ? null : Math.max(...waits),
    serviceLevelSeconds: group.serviceLevelSeconds,
    serviceLevelPercent: waits.length === 0 ? null : oneDecimal((withinTarget.length / waits.length) * 100),
  };
}

/** An agent took the call: it is still going on with them, or ended answered. */
function answeredByAgent(call: CallRecord): boolean {
  return call.answeredByUserId !== null && (call.outcome === null || call.outcome === 'answered');
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;
