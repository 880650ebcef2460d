import { Readable } from 'node:stream';
import { CallDirection, CallOutcome, CallPage, CallRecord, CallSearch, CallStatistics, Id } from '@vaxel/domain';
import { z } from 'zod';
import { Instant, OrgParams, QueryBoolean, type App } from '../http/app.ts';
import type { CallService } from './service.ts';

const CallParams = OrgParams.extend({ callId: Id });
/** The domain's search, with the time range checked as real instants. */
const CallQuery = CallSearch.extend({
  from: Instant.optional(),
  to: Instant.optional(),
  emergency: QueryBoolean.optional().describe('true: only emergency calls; false: only the others'),
}).strict();
const ExportQuery = CallQuery.omit({ limit: true, cursor: true }).strict();
const StatisticsQuery = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
    bucket: z.enum(['hour', 'day']).default('day'),
    responseGroupId: Id.optional(),
    userId: Id.optional(),
    direction: CallDirection.optional(),
    outcome: CallOutcome.optional(),
  })
  .strict();
const tags = ['calls'];

export function callRoutes(app: App, calls: CallService): void {
  const config = { permission: 'phone_system' as const };
  app.get('/orgs/:orgId/calls', {
    config,
    schema: {
      tags,
      summary: 'Search the call log (newest first, paged by cursor)',
      params: OrgParams,
      querystring: CallQuery,
      response: { 200: CallPage },
    },
    handler: (req) => calls.search(req.params.orgId, req.query),
  });
  app.get('/orgs/:orgId/calls.csv', {
    config,
    schema: {
      tags,
      summary: 'The searched call log as CSV (all pages)',
      params: OrgParams,
      querystring: ExportQuery,
      response: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
    },
    handler: async (req, reply) => {
      // Streamed page by page; the declared string schema is for the OpenAPI document (streams skip serialization).
      const body = Readable.from(calls.csv(req.params.orgId, req.query)) as unknown as string;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="calls.csv"')
        .send(body);
    },
  });
  app.get('/orgs/:orgId/calls/statistics', {
    config,
    schema: {
      tags,
      summary: 'Calls per hour/day, answered vs missed, wait times, per group',
      params: OrgParams,
      querystring: StatisticsQuery,
      response: { 200: CallStatistics },
    },
    handler: (req) => calls.statistics(req.params.orgId, req.query),
  });
  app.get('/orgs/:orgId/calls/:callId', {
    config,
    schema: { tags, params: CallParams, response: { 200: CallRecord } },
    handler: (req) => calls.get(req.params.orgId, req.params.callId),
  });
}
