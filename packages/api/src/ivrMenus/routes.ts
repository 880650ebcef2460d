import { Id, IvrMenu, IvrMenuCreate, IvrMenuUpdate } from '@vaxel/domain';
import { z } from 'zod';
import { OrgParams, type App } from '../http/app.ts';
import type { IvrMenuService } from './service.ts';

const MenuParams = OrgParams.extend({ menuId: Id });
const tags = ['ivr-menus'];

export function ivrMenuRoutes(app: App, menus: IvrMenuService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/ivr-menus', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(IvrMenu) } },
    handler: (req) => menus.list(req.params.orgId),
  });
  app.post('/orgs/:orgId/ivr-menus', {
    config,
    schema: {
      tags,
      summary: 'Create an IVR menu (409 quota_exceeded beyond the package)',
      params: OrgParams,
      body: IvrMenuCreate,
      response: { 201: IvrMenu },
    },
    handler: async (req, reply) => reply.code(201).send(await menus.create(req.params.orgId, req.body)),
  });
  app.get('/orgs/:orgId/ivr-menus/:menuId', {
    config,
    schema: { tags, params: MenuParams, response: { 200: IvrMenu } },
    handler: (req) => menus.get(req.params.orgId, req.params.menuId),
  });
  app.patch('/orgs/:orgId/ivr-menus/:menuId', {
    config,
    schema: { tags, params: MenuParams, body: IvrMenuUpdate, response: { 200: IvrMenu } },
    handler: (req) => menus.update(req.params.orgId, req.params.menuId, req.body),
  });
  app.delete('/orgs/:orgId/ivr-menus/:menuId', {
    config,
    schema: {
      tags,
      summary: 'Delete a menu (409 in_use listing what points to it)',
      params: MenuParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await menus.delete(req.params.orgId, req.params.menuId);
      return reply.code(204).send(null);
    },
  });
}
