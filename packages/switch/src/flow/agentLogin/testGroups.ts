import { factoryResponseGroupSettings, type Agent, type ResponseGroup } from '@vaxel/domain';

/** A response group for the agent-login unit tests: `agents` as [userId, loggedIn] pairs. */
export function testGroup(name: string, numericId: string, agents: Array<[string, boolean]>): ResponseGroup {
  return {
    id: `group-${numericId}`,
    organisationId: 'org-1',
    name,
    number: `+4681230005${numericId.slice(-1)}`,
    billingNumber: '+46812300050',
    numericId,
    agents: agents.map(([userId, loggedIn]): Agent => ({ userId, loggedIn, reachOn: 'phone' })),
    supervisorIds: [],
    settings: factoryResponseGroupSettings(),
    createdAt: '2026-12-01T08:00:00.000Z',
    updatedAt: '2026-12-01T08:00:00.000Z',
  };
}
