import { Id, PasswordChange, Session } from '@vaxel/domain';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../http/app.ts';
import type { AccountPrincipal, AccountService } from './accountService.ts';
import { requestContext } from './requestContext.ts';
import { clearSessionCookie } from './sessionCookie.ts';

const SessionParams = z.object({ sessionId: Id });

function principalOf(request: FastifyRequest): AccountPrincipal {
  const principal = request.principal;
  if (principal?.kind !== 'account') throw new Error('account route without an account');
  return { accountId: principal.accountId, tokenHash: principal.tokenHash };
}

/** The logged-in person's own password and sessions (any account, whatever its permissions). */
export function accountRoutes(app: App, accounts: AccountService, options: { secureCookie: boolean }): void {
  const config = { permission: 'account' as const };
  const tags = ['account'];
  app.put('/me/password', {
    config,
    schema: {
      tags,
      summary: 'Change one’s password (the current one is required); every other session is logged out',
      body: PasswordChange,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await accounts.changePassword(principalOf(request), request.body, requestContext(request));
      return reply.code(204).send(null);
    },
  });
  app.get('/me/sessions', {
    config,
    schema: { tags, summary: 'One’s sessions, the one in use marked current', response: { 200: z.array(Session) } },
    handler: (request) => accounts.sessions(principalOf(request)),
  });
  app.delete('/me/sessions/:sessionId', {
    config,
    schema: { tags, summary: 'Log one session out', params: SessionParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      const { current } = await accounts.revokeSession(
        principalOf(request),
        request.params.sessionId,
        requestContext(request),
      );
      if (current) clearSessionCookie(reply, options.secureCookie);
      return reply.code(204).send(null);
    },
  });
  app.post('/me/sessions/revoke-all', {
    config,
    schema: { tags, summary: 'Log out everywhere, this session included', response: { 204: z.null() } },
    handler: async (request, reply) => {
      await accounts.revokeAll(principalOf(request), requestContext(request));
      clearSessionCookie(reply, options.secureCookie);
      return reply.code(204).send(null);
    },
  });
}
