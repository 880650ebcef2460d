import {
  AgentReach,
  Id,
  ResponseGroup,
  ResponseGroupCreate,
  ResponseGroupSettings,
  ResponseGroupSettingsPatch,
  ResponseGroupUpdate,
} from '@vaxel/domain';
import { z } from 'zod';
import { memberOf } from '../auth/permissions.ts';
import { OrgParams, type App } from '../http/app.ts';
import { ResponseGroupAgents } from './live/routes.ts';
import type { ResponseGroupService } from './service.ts';

const GroupParams = OrgParams.extend({ groupId: Id });
const AgentParams = GroupParams.extend({ userId: Id });
const AgentLogin = z.object({ loggedIn: z.boolean() }).strict();
const AgentChange = z
  .object({ reachOn: AgentReach.optional(), loggedIn: z.boolean().optional() })
  .strict()
  .refine((change) => change.reachOn !== undefined || change.loggedIn !== undefined, {
    message: 'give reachOn, loggedIn or both',
    path: ['reachOn'],
  });
const AgentWarning = z.object({ path: z.string(), code: z.literal('agent_has_no_mobile'), message: z.string() });
const ResponseGroupWithWarnings = ResponseGroup.extend({ warnings: z.array(AgentWarning) });
const tags = ['response-groups'];

/**
 * `agentsChanged`: told after a change of who the group's agents are or who is logged in, so the
 * live view's event streams show it at once.
 */
export function responseGroupRoutes(
  app: App,
  groups: ResponseGroupService,
  agentsChanged: (orgId: string, groupId: string) => void = () => {},
): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/response-groups', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(ResponseGroup) } },
    handler: (req) => groups.list(req.params.orgId),
  });
  app.post('/orgs/:orgId/response-groups', {
    config,
    schema: {
      tags,
      summary:
        'Create a response group (starts with a copy of the defaults for new groups; 409 quota_exceeded beyond the package)',
      params: OrgParams,
      body: ResponseGroupCreate,
      response: { 201: ResponseGroup },
    },
    handler: async (req, reply) => reply.code(201).send(await groups.create(req.params.orgId, req.body)),
  });
  app.get('/orgs/:orgId/response-groups/:groupId', {
    config,
    schema: { tags, params: GroupParams, response: { 200: ResponseGroup } },
    handler: (req) => groups.get(req.params.orgId, req.params.groupId),
  });
  app.patch('/orgs/:orgId/response-groups/:groupId', {
    config,
    schema: { tags, params: GroupParams, body: ResponseGroupUpdate, response: { 200: ResponseGroup } },
    handler: async (req) => {
      const updated = await groups.update(req.params.orgId, req.params.groupId, req.body);
      if (req.body.agentIds) agentsChanged(req.params.orgId, req.params.groupId);
      return updated;
    },
  });
  app.delete('/orgs/:orgId/response-groups/:groupId', {
    config,
    schema: {
      tags,
      summary: 'Delete a group (409 in_use while anything sends calls to it)',
      params: GroupParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await groups.delete(req.params.orgId, req.params.groupId);
      return reply.code(204).send(null);
    },
  });
  app.put('/orgs/:orgId/response-groups/:groupId/agents/:userId/login', {
    // R16, R19: the group's supervisors log agents in and out from the wallboard, as admins do.
    // Its state for the audit log is what both may read: the group's agents.
    config: {
      permission: 'supervisor',
      audit: { read: '/api/v1/orgs/:orgId/response-groups/:groupId/agents', fieldPrefix: '' },
    },
    schema: {
      tags,
      summary:
        "Log an agent in to or out of the group (the group's supervisors may too; they get the group's agents back, not its settings)",
      params: AgentParams,
      body: AgentLogin,
      response: { 200: z.union([ResponseGroup, ResponseGroupAgents]) },
    },
    handler: async (req) => {
      const group = await groups.setAgentLoggedIn(
        req.params.orgId,
        req.params.groupId,
        req.params.userId,
        req.body.loggedIn,
      );
      agentsChanged(req.params.orgId, req.params.groupId);
      // A supervisor without phone_system sees no settings (R4).
      if (memberOf(req).user.permissions.includes('phone_system')) return group;
      return { id: group.id, name: group.name, agents: group.agents };
    },
  });
  app.patch('/orgs/:orgId/response-groups/:groupId/agents/:userId', {
    // Audited as the agent log-in is: the group's agents before and after.
    config: { ...config, audit: { read: '/api/v1/orgs/:orgId/response-groups/:groupId/agents', fieldPrefix: '' } },
    schema: {
      tags,
      summary:
        "Change an agent's place in the group: where they are rung (reachOn: phone, mobile through the trunk, or both) and whether they are logged in. A mobile without a mobile number is saved with an agent_has_no_mobile warning: their phones are rung until one is set.",
      params: AgentParams,
      body: AgentChange,
      response: { 200: ResponseGroupWithWarnings },
    },
    handler: (req) => groups.setAgent(req.params.orgId, req.params.groupId, req.params.userId, req.body),
  });
  app.get('/orgs/:orgId/response-group-defaults', {
    config,
    schema: {
      tags,
      summary: 'Defaults applied to new response groups',
      params: OrgParams,
      response: { 200: ResponseGroupSettings },
    },
    handler: (req) => groups.getDefaults(req.params.orgId),
  });
  app.patch('/orgs/:orgId/response-group-defaults', {
    config,
    schema: {
      tags,
      summary: 'Change the defaults for new groups (existing groups keep their settings)',
      params: OrgParams,
      body: ResponseGroupSettingsPatch,
      response: { 200: ResponseGroupSettings },
    },
    handler: (req) => groups.patchDefaults(req.params.orgId, req.body),
  });
}
