import {
  chooseCallerId,
  type DisplayNumber,
  type GroupMembership,
  type ResponseGroup,
  type RoutingSettings,
  type User,
} from '@vaxel/domain';

/** The facts R36/R55 need, as the store returns them. */
export interface CallerIdFacts {
  user: Pick<User, 'id' | 'mobileNumber' | 'landlineNumber' | 'teamIds'>;
  routing: Pick<RoutingSettings, 'callerIdType'>;
  /** The display number the user chose (UserRouting.callerIdNumber), or null. */
  chosenNumber: string | null;
  displayNumbers: readonly DisplayNumber[];
  responseGroups: ReadonlyArray<Pick<ResponseGroup, 'id' | 'agents' | 'supervisorIds'>>;
}

/**
 * R36, R55: the number an outbound call from this user presents. Null when the user has no
 * number to present: the switch refuses such a call rather than send an anonymous one.
 */
export function outboundCallerId(facts: CallerIdFacts): string | null {
  const groups: GroupMembership[] = facts.responseGroups.map((g) => ({
    responseGroupId: g.id,
    agentIds: g.agents.map((a) => a.userId),
    supervisorIds: [...g.supervisorIds],
  }));
  return chooseCallerId({
    user: { ...facts.user, teamIds: [...facts.user.teamIds] },
    callerIdType: facts.routing.callerIdType,
    chosenNumber: facts.chosenNumber,
    displayNumbers: [...facts.displayNumbers],
    groups,
  });
}
