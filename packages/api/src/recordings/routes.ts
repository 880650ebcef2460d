import { Id, RecordingListing, RecordingPolicy, RecordingPolicyCreate, RecordingPolicyUpdate } from '@vaxel/domain';
import { z } from 'zod';
import { OrgParams, type App } from '../http/app.ts';
import { sendBytes } from '../http/sendBytes.ts';
import { memberOf } from '../auth/permissions.ts';
import type { RecordingService } from './service.ts';

const PolicyParams = OrgParams.extend({ policyId: Id });
const RecordingParams = OrgParams.extend({ recordingId: Id });
const PageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
    callId: Id.optional().describe("Only this call's recordings"),
  })
  .strict();
const RecordingPage = z.object({ recordings: z.array(RecordingListing), nextCursor: z.string().nullable() });

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

  // R57: phone_system sees every recording; a user those of their own calls, a supervisor those
  // of calls through their groups (RecordingService.viewer, mayListenToRecording in domain).
  const involved = { permission: 'involved' as const };
  const recordingTags = ['recordings'];
  app.get('/orgs/:orgId/recordings', {
    config: involved,
    schema: {
      tags: recordingTags,
      summary: 'The recordings the caller may hear, newest first, with their calls',
      params: OrgParams,
      querystring: PageQuery,
      response: { 200: RecordingPage },
    },
    handler: async (req) =>
      recordings.list(req.params.orgId, await recordings.viewer(req.params.orgId, memberOf(req).user), req.query),
  });
  app.get('/orgs/:orgId/recordings/:recordingId', {
    config: involved,
    schema: { tags: recordingTags, params: RecordingParams, response: { 200: RecordingListing } },
    handler: async (req) =>
      recordings.get(
        req.params.orgId,
        await recordings.viewer(req.params.orgId, memberOf(req).user),
        req.params.recordingId,
      ),
  });
  app.get('/orgs/:orgId/recordings/:recordingId/content', {
    config: involved,
    schema: {
      tags: recordingTags,
      summary: 'The recorded call as WAV (Range supported)',
      params: RecordingParams,
      response: { 200: { description: 'WAV', content: { 'audio/wav': { schema: z.string().describe('binary') } } } },
    },
    handler: async (req, reply) =>
      sendBytes(
        req,
        reply,
        await recordings.content(
          req.params.orgId,
          await recordings.viewer(req.params.orgId, memberOf(req).user),
          req.params.recordingId,
        ),
        'audio/wav',
      ),
  });
  app.delete('/orgs/:orgId/recordings/:recordingId', {
    config,
    schema: {
      tags: recordingTags,
      summary: 'Deletes a recording and its audio before its retention ends',
      params: RecordingParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await recordings.delete(req.params.orgId, req.params.recordingId);
      return reply.code(204).send(null);
    },
  });
}
