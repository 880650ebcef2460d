import { LoginRequest, Me, PasswordResetComplete, PasswordResetDetails, PasswordResetRequest } from '@vaxel/domain';
import { z } from 'zod';
import type { App } from '../http/app.ts';
import type { AccountService } from './accountService.ts';
import { requestContext } from './requestContext.ts';
import type { AuthService } from './service.ts';
import { clearSessionCookie, setSessionCookie } from './sessionCookie.ts';

const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), me: Me });
const ResetParams = z.object({ token: z.string().min(1).max(200) });

export function authRoutes(
  app: App,
  auth: AuthService,
  accounts: AccountService,
  options: { secureCookie: boolean },
): void {
  const tags = ['auth'];
  app.post('/auth/login', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary:
        'Log in: sets the session cookie and returns a bearer token (429 rate_limited with Retry-After while throttled)',
      body: LoginRequest,
      response: { 200: LoginResponse },
    },
    handler: async (request, reply) => {
      const session = await auth.login(request.body.email, request.body.password, requestContext(request));
      setSessionCookie(reply, session, options.secureCookie);
      return session;
    },
  });

  app.post('/auth/logout', {
    config: { permission: 'account' },
    schema: { tags, summary: 'Log out: ends the session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'account') await auth.logout(principal.tokenHash);
      clearSessionCookie(reply, options.secureCookie);
      return reply.code(204).send(null);
    },
  });

  app.get('/me', {
    config: { permission: 'account' },
    schema: { tags, summary: 'The logged-in person and the organisations they have joined', response: { 200: Me } },
    handler: async (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'account') throw new Error('account route without an account');
      return auth.me(principal.accountId);
    },
  });

  app.post('/auth/password-reset', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary:
        'Forgot the password: e-mails a single-use reset link when the account exists and e-mail is configured; always 202',
      body: PasswordResetRequest,
      response: { 202: z.null() },
    },
    handler: async (request, reply) => {
      accounts.requestReset(request.body.email, requestContext(request));
      return reply.code(202).send(null);
    },
  });

  app.get('/auth/password-reset/:token', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'Whether a reset link works, and for which email',
      params: ResetParams,
      response: { 200: PasswordResetDetails },
    },
    handler: (request) => accounts.resetDetails(request.params.token),
  });

  app.post('/auth/password-reset/:token', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'Choose a new password with a reset link: ends every session of the account',
      params: ResetParams,
      body: PasswordResetComplete,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await accounts.completeReset(request.params.token, request.body.password, requestContext(request));
      return reply.code(204).send(null);
    },
  });
}
