import type { FastifyReply } from 'fastify';
import { sessionCookie } from './permissions.ts';
import type { OpenedSession } from './service.ts';

/** The console's session cookie: HttpOnly, SameSite=Lax, Secure when the console is reached over https. */
export function setSessionCookie(reply: FastifyReply, session: OpenedSession, secure: boolean): void {
  reply.setCookie(sessionCookie, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    expires: new Date(session.expiresAt),
  });
}

/** Cleared with the same attributes it was set with, or browsers keep a Secure cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookie, { path: '/', secure });
}
