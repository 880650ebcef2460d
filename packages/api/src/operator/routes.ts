import {
  DisplayName,
  E164,
  EmailAddress,
  Extension,
  Id,
  InvitationIssued,
  NumberAllocation,
  Organisation,
  OrganisationCreate,
  OrganisationUpdate,
  PasswordResetIssued,
  PasswordResetRequest,
  PhoneNumber,
  Trunk,
  TrunkCreate,
  TrunkUpdate,
  User,
} from '@vaxel/domain';
import { z } from 'zod';
import type { AccountService } from '../auth/accountService.ts';
import { actorOf } from '../auth/actor.ts';
import { requestContext } from '../auth/requestContext.ts';
import { OrgParams, type App } from '../http/app.ts';
import type { OperatorAdminService } from './adminService.ts';
import type { OperatorOrganisationService } from './organisationService.ts';
import type { TrunkService } from './trunkService.ts';

const NumberParams = OrgParams.extend({ number: E164 });
const TrunkParams = z.object({ trunkId: Id });
const AdminCreate = z
  .object({
    name: DisplayName,
    email: EmailAddress,
    password: z
      .string()
      .min(1)
      .max(1000)
      .optional()
      .describe('Only used when nobody holds an account for the email yet; must pass the password policy'),
    extension: Extension.optional(),
  })
  .strict();
const CreatedAdmin = User.extend({
  invitation: InvitationIssued.nullable().describe(
    'Set when the admin must accept first (no password given, or the account exists)',
  ),
  accountExists: z
    .boolean()
    .describe('A person already holds an account for this email: the given password was not applied'),
});

/** R1: everything under /operator needs the operator token. */
export function operatorRoutes(
  app: App,
  services: {
    organisations: OperatorOrganisationService;
    admins: OperatorAdminService;
    trunks: TrunkService;
    accounts: AccountService;
  },
): void {
  const { organisations, admins, trunks, accounts } = services;
  const config = { permission: 'operator' as const };
  const tags = ['operator'];
  app.get('/operator/organisations', {
    config,
    schema: { tags, response: { 200: z.array(Organisation) } },
    handler: () => organisations.list(),
  });
  app.post('/operator/organisations', {
    config,
    schema: { tags, body: OrganisationCreate, response: { 201: Organisation } },
    handler: async (req, reply) => reply.code(201).send(await organisations.create(req.body)),
  });
  app.get('/operator/organisations/:orgId', {
    config,
    schema: { tags, params: OrgParams, response: { 200: Organisation } },
    handler: (req) => organisations.get(req.params.orgId),
  });
  app.patch('/operator/organisations/:orgId', {
    config,
    schema: { tags, params: OrgParams, body: OrganisationUpdate, response: { 200: Organisation } },
    handler: (req) => organisations.update(req.params.orgId, req.body),
  });
  app.get('/operator/organisations/:orgId/numbers', {
    config,
    schema: { tags, params: OrgParams, response: { 200: z.array(PhoneNumber) } },
    handler: (req) => organisations.numbers(req.params.orgId),
  });
  app.post('/operator/organisations/:orgId/numbers', {
    config,
    schema: {
      tags,
      summary: 'Allocate numbers to the organisation',
      params: OrgParams,
      body: NumberAllocation,
      response: { 201: z.array(PhoneNumber) },
    },
    handler: async (req, reply) => reply.code(201).send(await organisations.allocate(req.params.orgId, req.body)),
  });
  app.delete('/operator/organisations/:orgId/numbers/:number', {
    config,
    schema: {
      tags,
      summary: 'Take a number back (409 in_use while assigned)',
      params: NumberParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await organisations.release(req.params.orgId, req.params.number);
      return reply.code(204).send(null);
    },
  });
  app.post('/operator/organisations/:orgId/admins', {
    config: { ...config, audit: { objectType: 'user' } },
    schema: {
      tags,
      summary:
        'Create an administrator (pro, phone_system): at once with a password for a new account, else pending with an invitation',
      params: OrgParams,
      body: AdminCreate,
      response: { 201: CreatedAdmin },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await admins.createAdmin(req.params.orgId, req.body, actorOf(req))),
  });
  app.post('/operator/accounts/password-reset', {
    // Changes no setting; the security event `password_reset_requested` records it.
    config: { ...config, audit: { skip: 'issues a reset link, recorded as a security event' } },
    schema: {
      tags,
      summary:
        'A single-use password reset link for an account, to hand over by other means (404 when there is no account)',
      body: PasswordResetRequest,
      response: { 201: PasswordResetIssued },
    },
    handler: async (req, reply) =>
      reply.code(201).send(await accounts.issueResetForOperator(req.body.email, requestContext(req))),
  });

  app.get('/operator/trunks', {
    config,
    schema: { tags, response: { 200: z.array(Trunk) } },
    handler: () => trunks.list(),
  });
  app.post('/operator/trunks', {
    config,
    schema: { tags, body: TrunkCreate, response: { 201: Trunk } },
    handler: async (req, reply) => reply.code(201).send(await trunks.create(req.body)),
  });
  app.get('/operator/trunks/:trunkId', {
    config,
    schema: { tags, params: TrunkParams, response: { 200: Trunk } },
    handler: (req) => trunks.get(req.params.trunkId),
  });
  app.patch('/operator/trunks/:trunkId', {
    config,
    schema: { tags, params: TrunkParams, body: TrunkUpdate, response: { 200: Trunk } },
    handler: (req) => trunks.update(req.params.trunkId, req.body),
  });
  app.delete('/operator/trunks/:trunkId', {
    config,
    schema: { tags, params: TrunkParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await trunks.delete(req.params.trunkId);
      return reply.code(204).send(null);
    },
  });
}
