/**
 * R14: how long a caller at `position` can expect to wait, in seconds, from the group's recent
 * handling times (talk plus wrap-up of its last answered calls) and the agents who can take
 * calls: each agent frees up once per average handling time, so the caller is reached after
 * `position` such turns shared by the agents. Null — and nothing is announced — until the group
 * has answered a call (no data), or while no agent can take calls.
 */
export function expectedWaitSeconds(
  position: number,
  agents: number,
  handlingSeconds: readonly number[],
): number | null {
  if (handlingSeconds.length === 0 || agents <= 0 || position < 1) return null;
  const average = handlingSeconds.reduce((sum, s) => sum + s, 0) / handlingSeconds.length;
  return Math.round((position * average) / agents);
}
