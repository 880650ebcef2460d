import { Id, OutboundRules, OutboundRulesInput } from '@vaxel/domain';
import { z } from 'zod';
import { memberOf } from '../auth/permissions.ts';
import { OrgParams, type App } from '../http/app.ts';
import type { OutboundBlockService } from './outboundBlockService.ts';
import type { OutboundRulesService } from './service.ts';

const tags = ['outbound-rules'];

/** The answer's shape of domain `OutboundBlock` (the domain keeps it as a type; the API documents it). */
const OutboundBlockSchema = z
  .object({
    organisationId: Id,
    scope: z.literal('international').describe('What is blocked: calls to other countries'),
    reason: z
      .literal('international_spike')
      .describe('Why: a spike of international calls, which is what toll fraud looks like'),
    since: z.string().describe('When the switch blocked them (ISO 8601, UTC)'),
    calls: z.number().int().describe('The spike: this many international calls …'),
    seconds: z.number().int().describe('… within this many seconds'),
  })
  .describe('International calls blocked by the switch until an admin lifts the block');

/** R91 and issue 10: which outside numbers the organisation's calls may reach, how much, and the toll-fraud block. */
export function outboundRulesRoutes(
  app: App,
  outboundRules: OutboundRulesService,
  outboundBlock: OutboundBlockService,
): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/outbound-rules', {
    config,
    schema: {
      tags,
      summary: "The organisation's outbound rules: international countries, premium and satellite numbers, limits",
      description:
        'National calls and emergency numbers are always allowed; emergency calls never count against the limits.',
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
        'Forwarding settings are checked against the rules when they are saved; calls to numbers the rules forbid are refused by the switch. ' +
        'Without `limits` the current limits are kept. Calls over `concurrentCalls` or `minutesPerHour` are refused (SIP 403); ' +
        '`internationalSpike.calls` international calls within `internationalSpike.seconds` block international calls until an admin lifts the block (DELETE …/outbound-block).',
      params: OrgParams,
      body: OutboundRulesInput,
      response: { 200: OutboundRules },
    },
    handler: (req) => outboundRules.replace(req.params.orgId, req.body),
  });
  app.get('/orgs/:orgId/outbound-block', {
    // Every user of the organisation may see it (the console's banner): while it lasts their own
    // calls abroad are refused, and it is the switch's state, not a setting. Lifting it is phone_system.
    config: { permission: 'member' as const },
    schema: {
      tags,
      summary:
        'Whether the switch has blocked international calls after a spike of them (toll fraud); readable by every user of the organisation',
      params: OrgParams,
      response: { 200: z.object({ block: OutboundBlockSchema.nullable() }) },
    },
    handler: (req) => outboundBlock.get(req.params.orgId),
  });
  app.delete('/orgs/:orgId/outbound-block', {
    config,
    schema: {
      tags,
      summary:
        'Lift the block: international calls are allowed again as the outbound rules say (404 not_found when nothing is blocked)',
      params: OrgParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await outboundBlock.lift(req.params.orgId, memberOf(req).user.id);
      return reply.code(204).send(null);
    },
  });
}
