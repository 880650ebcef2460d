import { mayUseCallerId, type DisplayNumber, type GroupMembership } from '@vaxel/domain';
import type { Repositories } from '@vaxel/store';

/**
 * R55: the caller ID a user chose must stay one they may present. When a grant goes (a display
 * number deleted or given to fewer people, a team or group deleted, a user leaving a team or a
 * group, a number taken from the user), the choice goes with it in the same transaction: calls
 * use the user's default caller ID again, and their routing can be saved (the console sends the
 * choice back on every save, and a choice they may not make is refused). Should the grant come
 * back, the user chooses again; a number never comes back to them unasked.
 */
export async function dropCallerIdChoicesNoLongerAllowed(tx: Repositories, organisationId: string): Promise<void> {
  const [users, displays, groups] = await Promise.all([
    tx.users.list(organisationId),
    tx.displayNumbers.list(organisationId),
    tx.responseGroups.list(organisationId),
  ]);
  const memberships: GroupMembership[] = groups.map((g) => ({
    responseGroupId: g.id,
    agentIds: g.agents.map((a) => a.userId),
    supervisorIds: g.supervisorIds,
  }));
  // Which group a display number belongs to follows the group's current number (R52).
  const withGroups: DisplayNumber[] = displays.map((d) => ({
    ...d,
    responseGroupId: groups.find((g) => g.number === d.number)?.id ?? null,
  }));
  for (const user of users) {
    const { overrides, callerIdNumber } = await tx.users.getRoutingOverrides(organisationId, user.id);
    if (callerIdNumber !== null && !mayUseCallerId(user, callerIdNumber, withGroups, memberships)) {
      await tx.users.setRoutingOverrides(organisationId, user.id, overrides, null);
    }
  }
}
