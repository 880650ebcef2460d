import { CallRoutingDefaults, CallRoutingDefaultsUpdate } from '@vaxel/domain';
import { OrgParams, type App } from '../http/app.ts';
import type { CallRoutingService } from './service.ts';

const tags = ['call-routing-defaults'];

export function callRoutingRoutes(app: App, callRouting: CallRoutingService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/call-routing-defaults', {
    config,
    schema: {
      tags,
      summary: "The organisation's call handling defaults for users",
      params: OrgParams,
      response: { 200: CallRoutingDefaults },
    },
    handler: (req) => callRouting.get(req.params.orgId),
  });
  app.patch('/orgs/:orgId/call-routing-defaults', {
    config,
    schema: {
      tags,
      summary: 'Change defaults (users who set a field themselves keep their own value)',
      params: OrgParams,
      body: CallRoutingDefaultsUpdate,
      response: { 200: CallRoutingDefaults },
    },
    handler: (req) => callRouting.update(req.params.orgId, req.body),
  });
}
