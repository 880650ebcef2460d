import { Id, ResponseGroup, ResponseGroupLive } from '@vaxel/domain';
import { z } from 'zod';
import type { Store } from '@vaxel/store';
import { memberOf } from '../../auth/permissions.ts';
import { OrgParams, type App } from '../../http/app.ts';
import type { GroupChanges } from './groupChanges.ts';
import { liveEventStream, type LiveEventTiming } from './liveEvents.ts';
import type { ResponseGroupLiveService } from './liveService.ts';

const GroupParams = OrgParams.extend({ groupId: Id });
const tags = ['response-groups'];

/** The group's agents and whether each is logged in: what a supervisor may see and change of the group's settings. */
export const ResponseGroupAgents = ResponseGroup.pick({ id: true, name: true, agents: true });
export type ResponseGroupAgents = z.infer<typeof ResponseGroupAgents>;

/** A group whose live view the caller may open. */
export const WatchableGroup = ResponseGroup.pick({ id: true, name: true, numericId: true });

/** R19: the live view of a group for its supervisors and phone_system holders (`supervisor` permission). */
export function responseGroupLiveRoutes(
  app: App,
  deps: {
    store: Store;
    live: ResponseGroupLiveService;
    changes: GroupChanges;
    timing: LiveEventTiming;
    agents: (orgId: string, groupId: string) => Promise<ResponseGroupAgents>;
  },
): void {
  const config = { permission: 'supervisor' as const };
  app.get('/orgs/:orgId/supervised-response-groups', {
    config: { permission: 'member' },
    schema: {
      tags,
      summary: 'The groups whose live view the caller may open: those they supervise (every group with phone_system)',
      params: OrgParams,
      response: { 200: z.array(WatchableGroup) },
    },
    handler: async (req) => {
      const { user } = memberOf(req);
      const groups = await deps.store.responseGroups.list(req.params.orgId);
      return groups
        .filter((group) => user.permissions.includes('phone_system') || group.supervisorIds.includes(user.id))
        .map((group) => ({ id: group.id, name: group.name, numericId: group.numericId }));
    },
  });
  // Open streams end when the server closes, or a shutdown would wait on every watching wallboard.
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const close of [...openStreams]) close();
  });
  app.get('/orgs/:orgId/response-groups/:groupId/live', {
    config,
    schema: {
      tags,
      summary:
        "The group now: callers and callbacks in the queue, each agent's state, today's figures (organisation's time zone)",
      params: GroupParams,
      response: { 200: ResponseGroupLive },
    },
    handler: (req) => deps.live.snapshot(req.params.orgId, req.params.groupId),
  });

  app.get('/orgs/:orgId/response-groups/:groupId/live/events', {
    config,
    schema: {
      tags,
      summary:
        'Server-sent events: the live snapshot on connect and after every change (at most five a second), a heartbeat comment every 15 s',
      params: GroupParams,
      produces: ['text/event-stream'],
      response: {
        200: {
          description: 'text/event-stream of `data: <ResponseGroupLive JSON>` events',
          content: { 'text/event-stream': { schema: z.string() } },
        },
      },
    },
    handler: async (req, reply) => {
      const { orgId, groupId } = req.params;
      // Read before the stream opens, so an unknown group is a 404 problem, not an empty stream.
      const first = await deps.live.snapshot(orgId, groupId);
      const stream = liveEventStream({
        first,
        snapshot: () => deps.live.snapshot(orgId, groupId),
        subscribe: (listener) => [
          deps.live.subscribe(orgId, groupId, listener),
          deps.changes.subscribe(orgId, groupId, listener),
        ],
        timing: deps.timing,
        onError: (error) =>
          req.log.info({ err: error }, 'live events: the snapshot could not be read; the stream ends'),
      });
      // The client went away (tab closed, network gone) or the server closes: nothing stays subscribed.
      const close = () => {
        openStreams.delete(close);
        stream.close();
      };
      openStreams.add(close);
      reply.raw.on('close', close);
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('x-accel-buffering', 'no')
          // A stream is sent as it is written (Fastify skips serialising streams); the schema's string is for OpenAPI.
          .send(stream.body as unknown as string)
      );
    },
  });

  app.get('/orgs/:orgId/response-groups/:groupId/agents', {
    config,
    schema: {
      tags,
      summary: 'The group’s agents and whether each is logged in',
      params: GroupParams,
      response: { 200: ResponseGroupAgents },
    },
    handler: (req) => deps.agents(req.params.orgId, req.params.groupId),
  });
}
