import { InvoiceLine, PurchaseRequest, Subscription } from '@vaxel/domain';
import { OrgParams, type App } from '../http/app.ts';
import { memberOf } from '../auth/permissions.ts';
import type { SubscriptionService } from './service.ts';

const tags = ['subscription'];

export function subscriptionRoutes(app: App, subscription: SubscriptionService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/subscription', {
    config,
    schema: {
      tags,
      summary: 'Package, allowances and the upcoming invoice',
      params: OrgParams,
      response: { 200: Subscription },
    },
    handler: (req) => subscription.get(req.params.orgId),
  });
  app.post('/orgs/:orgId/subscription/purchases', {
    config,
    schema: {
      tags,
      summary: 'Buy more response groups or IVR menus (adds a line to the next invoice)',
      params: OrgParams,
      body: PurchaseRequest,
      response: { 201: InvoiceLine },
    },
    handler: async (req, reply) => reply.code(201).send(await subscription.purchase(memberOf(req), req.body)),
  });
}
