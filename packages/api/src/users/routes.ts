import { Id, InvitationIssued, User, UserCreate, UserRouting, UserRoutingUpdate, UserUpdate } from '@vaxel/domain';
import { z } from 'zod';
import { actorOf } from '../auth/actor.ts';
import type { App } from '../http/app.ts';
import { OrgParams } from '../http/app.ts';
import type { UserService } from './service.ts';
import type { UserRoutingService } from './routingService.ts';

const UserParams = OrgParams.extend({ userId: Id });
const OnlineDevice = z.object({
  contact: z.string(),
  userAgent: z.string().nullable(),
  source: z.string(),
  expiresAt: z.string(),
});
const tags = ['users'];
const CreatedUser = User.extend({
  invitation: InvitationIssued.describe(
    'The invitation link, shown this once: the person accepts it and chooses their own password',
  ),
});
const UpdatedUser = User.extend({
  invitation: InvitationIssued.optional().describe(
    'Present when a new email made the user pending with a new invitation',
  ),
});

export function userRoutes(app: App, users: UserService, routing: UserRoutingService): void {
  const config = { permission: 'phone_system' as const };

  app.get('/orgs/:orgId/users', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(User) } },
    handler: (req) => users.list(req.params.orgId),
  });
  app.post('/orgs/:orgId/users', {
    config,
    schema: {
      tags,
      summary:
        'Add a user: invites the person, who accepts and chooses their own password (the user is pending until then)',
      params: OrgParams,
      body: UserCreate,
      response: { 201: CreatedUser },
    },
    handler: async (req, reply) => reply.code(201).send(await users.create(req.params.orgId, req.body, actorOf(req))),
  });
  app.get('/orgs/:orgId/users/:userId', {
    config,
    schema: { tags, params: UserParams, response: { 200: User } },
    handler: (req) => users.get(req.params.orgId, req.params.userId),
  });
  app.patch('/orgs/:orgId/users/:userId', {
    config,
    schema: { tags, params: UserParams, body: UserUpdate, response: { 200: UpdatedUser } },
    handler: (req) => users.update(req.params.orgId, req.params.userId, req.body, actorOf(req)),
  });
  app.post('/orgs/:orgId/users/:userId/invitation', {
    config,
    schema: {
      tags,
      summary: 'Send a pending user a new invitation; the previous link stops working (409 once accepted)',
      params: UserParams,
      response: { 201: InvitationIssued },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await users.resendInvitation(req.params.orgId, req.params.userId, actorOf(req))),
  });
  app.delete('/orgs/:orgId/users/:userId', {
    config,
    schema: { tags, params: UserParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await users.delete(req.params.orgId, req.params.userId);
      return reply.code(204).send(null);
    },
  });
  app.get('/orgs/:orgId/users/:userId/routing', {
    config,
    schema: {
      tags,
      summary: "The user's call handling: effective values, own overrides, what follows the default",
      params: UserParams,
      response: { 200: UserRouting },
    },
    handler: (req) => routing.get(req.params.orgId, req.params.userId),
  });
  app.put('/orgs/:orgId/users/:userId/routing', {
    config,
    schema: { tags, params: UserParams, body: UserRoutingUpdate, response: { 200: UserRouting } },
    handler: (req) => routing.update(req.params.orgId, req.params.userId, req.body),
  });
  app.get('/orgs/:orgId/users/:userId/registrations', {
    config,
    schema: {
      tags,
      summary: "The user's phones online now",
      params: UserParams,
      response: { 200: z.array(OnlineDevice) },
    },
    handler: (req) => routing.registrations(req.params.orgId, req.params.userId),
  });
}
