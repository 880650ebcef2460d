import { OutboundRules } from '@vaxel/domain';
import { OrgParams, type App } from '../http/app.ts';
import type { OutboundRulesService } from './service.ts';

const tags = ['outbound-rules'];

/** R91: which outside numbers the organisation's calls may reach (toll fraud). */
export function outboundRulesRoutes(app: App, outboundRules: OutboundRulesService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/outbound-rules', {
    config,
    schema: {
      tags,
      summary: "The organisation's outbound rules: international countries, premium and satellite numbers",
      description: 'National calls and emergency numbers are always allowed.',
      params: OrgParams,
      response: { 200: OutboundRules },
    },
    handler: (req) => outboundRules.get(req.params.orgId),
  });
  app.put('/orgs/:orgId/outbound-rules', {
    config,
    schema: {
      tags,
      summary: 'Replace the outbound rules (the next call obeys them)',
      description:
        'Countries are ISO 3166-1 alpha-2 codes; +1 numbers of the shared US/Canada plan are allowed when either US or CA is listed. ' +
        'Forwarding settings are checked against the rules when they are saved; calls to numbers the rules forbid are refused by the switch.',
      params: OrgParams,
      body: OutboundRules,
      response: { 200: OutboundRules },
    },
    handler: (req) => outboundRules.replace(req.params.orgId, req.body),
  });
}
