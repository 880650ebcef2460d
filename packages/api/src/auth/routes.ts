import { LoginRequest, Me } from '@vaxel/domain';
import { z } from 'zod';
import type { App } from '../http/app.ts';
import { HttpProblem } from '../problem.ts';
import { sessionCookie } from './permissions.ts';
import type { AuthService } from './service.ts';

const LoginResponse = z.object({ token: z.string(), expiresAt: z.string(), me: Me });

export function authRoutes(app: App, auth: AuthService, options: { loginAttemptsPerMinute: number; secureCookie: boolean }): void {
  app.post('/auth/login', {
    config: {
      permission: 'public',
      rateLimit: {
        max: options.loginAttemptsPerMinute,
        timeWindow: 60_000,
        hook: 'preHandler',
        // Per address and per account: guessing one account's password from one place is slowed,
        // and one noisy address cannot lock everyone else out.
        keyGenerator: (request) => {
          const email = (request.body as { email?: unknown } | undefined)?.email;
          return `${request.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
        },
        errorResponseBuilder: (_request, context) =>
          new HttpProblem(429, 'rate_limited', `Too many login attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`),
      },
    },
    schema: {
      tags: ['auth'],
      summary: 'Log in: sets the session cookie and returns a bearer token',
      body: LoginRequest,
      response: { 200: LoginResponse },
    },
    handler: async (request, reply) => {
      const session = await auth.login(request.body.email, request.body.password, request.ip);
      reply.setCookie(sessionCookie, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: options.secureCookie,
        expires: new Date(session.expiresAt),
      });
      return session;
    },
  });

  app.post('/auth/logout', {
    config: { permission: 'account' },
    schema: { tags: ['auth'], summary: 'Log out: ends the session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'account') await auth.logout(principal.tokenHash);
      reply.clearCookie(sessionCookie, { path: '/', secure: options.secureCookie });
      return reply.code(204).send(null);
    },
  });

  app.get('/me', {
    config: { permission: 'account' },
    schema: { tags: ['auth'], summary: 'The logged-in person and their organisations', response: { 200: Me } },
    handler: async (request) => {
      const principal = request.principal;
      if (principal?.kind !== 'account') throw new Error('account route without an account');
      return auth.me(principal.accountId);
    },
  });
}
