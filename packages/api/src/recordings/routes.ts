import { Id, Recording, RecordingPolicy, RecordingPolicyCreate, RecordingPolicyUpdate } from '@vaxel/domain';
import { z } from 'zod';
import { OrgParams, type App } from '../http/app.ts';
import { sendBytes } from '../http/sendBytes.ts';
import type { RecordingService } from './service.ts';

const PolicyParams = OrgParams.extend({ policyId: Id });
const RecordingParams = OrgParams.extend({ recordingId: Id });
const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(200).optional() }).strict();
const RecordingPage = z.object({ recordings: z.array(Recording), nextCursor: z.string().nullable() });

export function recordingRoutes(app: App, recordings: RecordingService): void {
  const config = { permission: 'phone_system' as const };
  const tags = ['recording-policies'];
  app.get('/orgs/:orgId/recording-policies', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(RecordingPolicy) } },
    handler: (req) => recordings.listPolicies(req.params.orgId),
  });
  app.post('/orgs/:orgId/recording-policies', {
    config,
    schema: { tags, params: OrgParams, body: RecordingPolicyCreate, response: { 201: RecordingPolicy } },
    handler: async (req, reply) => reply.code(201).send(await recordings.createPolicy(req.params.orgId, req.body)),
  });
  app.get('/orgs/:orgId/recording-policies/:policyId', {
    config,
    schema: { tags, params: PolicyParams, response: { 200: RecordingPolicy } },
    handler: (req) => recordings.getPolicy(req.params.orgId, req.params.policyId),
  });
  app.patch('/orgs/:orgId/recording-policies/:policyId', {
    config,
    schema: { tags, params: PolicyParams, body: RecordingPolicyUpdate, response: { 200: RecordingPolicy } },
    handler: (req) => recordings.updatePolicy(req.params.orgId, req.params.policyId, req.body),
  });
  app.delete('/orgs/:orgId/recording-policies/:policyId', {
    config,
    schema: { tags, params: PolicyParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await recordings.deletePolicy(req.params.orgId, req.params.policyId);
      return reply.code(204).send(null);
    },
  });

  const recordingTags = ['recordings'];
  app.get('/orgs/:orgId/recordings', {
    config,
    schema: { tags: recordingTags, params: OrgParams, querystring: PageQuery, response: { 200: RecordingPage } },
    handler: (req) => recordings.list(req.params.orgId, req.query),
  });
  app.get('/orgs/:orgId/recordings/:recordingId', {
    config,
    schema: { tags: recordingTags, params: RecordingParams, response: { 200: Recording } },
    handler: (req) => recordings.get(req.params.orgId, req.params.recordingId),
  });
  app.get('/orgs/:orgId/recordings/:recordingId/content', {
    config,
    schema: {
      tags: recordingTags,
      summary: 'The recorded call as WAV (Range supported)',
      params: RecordingParams,
      response: { 200: { description: 'WAV', content: { 'audio/wav': { schema: z.string().describe('binary') } } } },
    },
    handler: async (req, reply) => sendBytes(req, reply, await recordings.content(req.params.orgId, req.params.recordingId), 'audio/wav'),
  });
}
