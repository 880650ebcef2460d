import { Id, Team, TeamCreate, TeamUpdate } from '@vaxel/domain';
import { z } from 'zod';
import { OrgParams, type App } from '../http/app.ts';
import type { TeamService } from './service.ts';

const TeamParams = OrgParams.extend({ teamId: Id });
const tags = ['teams'];

export function teamRoutes(app: App, teams: TeamService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/teams', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(Team) } },
    handler: (req) => teams.list(req.params.orgId),
  });
  app.post('/orgs/:orgId/teams', {
    config,
    schema: { tags, params: OrgParams, body: TeamCreate, response: { 201: Team } },
    handler: async (req, reply) => reply.code(201).send(await teams.create(req.params.orgId, req.body)),
  });
  app.get('/orgs/:orgId/teams/:teamId', {
    config,
    schema: { tags, params: TeamParams, response: { 200: Team } },
    handler: (req) => teams.get(req.params.orgId, req.params.teamId),
  });
  app.patch('/orgs/:orgId/teams/:teamId', {
    config,
    schema: { tags, params: TeamParams, body: TeamUpdate, response: { 200: Team } },
    handler: (req) => teams.update(req.params.orgId, req.params.teamId, req.body),
  });
  app.delete('/orgs/:orgId/teams/:teamId', {
    config,
    schema: { tags, params: TeamParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await teams.delete(req.params.orgId, req.params.teamId);
      return reply.code(204).send(null);
    },
  });
}
