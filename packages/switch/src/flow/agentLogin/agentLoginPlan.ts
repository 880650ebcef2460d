import type { ResponseGroup } from '@vaxel/domain';
import type { AgentLoginEntry } from './agentLoginEntry.ts';

/**
 * What an agent-login code changes (R16), decided from the organisation's groups alone:
 * - `change`: the groups whose login of the user is set (`all`: the code named no group), in
 *   name order, so the confirmation names them the same way every time;
 * - `notAgent`: the numeric ID names no group, or one the user is not an agent of (the same
 *   answer for both, so a code does not tell which groups exist);
 * - `noGroups`: the code named no group and the user is an agent of none.
 */
export type AgentLoginPlan =
  | { kind: 'change'; groups: ResponseGroup[]; all: boolean }
  | { kind: 'notAgent'; numericId: string }
  | { kind: 'noGroups' };

export function agentLoginPlan(
  groups: readonly ResponseGroup[],
  userId: string,
  entry: AgentLoginEntry,
): AgentLoginPlan {
  const own = groups
    .filter((g) => g.agents.some((a) => a.userId === userId))
    .sort((a, b) => a.name.localeCompare(b.name) || a.numericId.localeCompare(b.numericId));
  if (entry.numericId === null)
    return own.length === 0 ? { kind: 'noGroups' } : { kind: 'change', groups: own, all: true };
  const group = own.find((g) => g.numericId === entry.numericId);
  return group ? { kind: 'change', groups: [group], all: false } : { kind: 'notAgent', numericId: entry.numericId };
}
