import { DisplayNumber, DisplayNumberCreate, DisplayNumberUpdate, Id } from '@vaxel/domain';
import { z } from 'zod';
import { OrgParams, type App } from '../http/app.ts';
import type { DisplayNumberService } from './service.ts';

const DisplayParams = OrgParams.extend({ displayNumberId: Id });
const tags = ['display-numbers'];

export function displayNumberRoutes(app: App, displayNumbers: DisplayNumberService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/display-numbers', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(DisplayNumber) } },
    handler: (req) => displayNumbers.list(req.params.orgId),
  });
  app.post('/orgs/:orgId/display-numbers', {
    config,
    schema: { tags, params: OrgParams, body: DisplayNumberCreate, response: { 201: DisplayNumber } },
    handler: async (req, reply) => reply.code(201).send(await displayNumbers.create(req.params.orgId, req.body)),
  });
  app.get('/orgs/:orgId/display-numbers/:displayNumberId', {
    config,
    schema: { tags, params: DisplayParams, response: { 200: DisplayNumber } },
    handler: (req) => displayNumbers.get(req.params.orgId, req.params.displayNumberId),
  });
  app.patch('/orgs/:orgId/display-numbers/:displayNumberId', {
    config,
    schema: { tags, params: DisplayParams, body: DisplayNumberUpdate, response: { 200: DisplayNumber } },
    handler: (req) => displayNumbers.update(req.params.orgId, req.params.displayNumberId, req.body),
  });
  app.delete('/orgs/:orgId/display-numbers/:displayNumberId', {
    config,
    schema: {
      tags,
      summary: "Stop offering the number as caller ID (409 group_number for a response group's number)",
      params: DisplayParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await displayNumbers.delete(req.params.orgId, req.params.displayNumberId);
      return reply.code(204).send(null);
    },
  });
}
