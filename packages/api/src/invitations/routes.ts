import { InvitationAccept, InvitationDetails, Me } from '@vaxel/domain';
import { z } from 'zod';
import { optionalSession } from '../auth/permissions.ts';
import { requestContext } from '../auth/requestContext.ts';
import { setSessionCookie } from '../auth/sessionCookie.ts';
import type { Clock } from '../deps.ts';
import type { App } from '../http/app.ts';
import type { Store } from '@vaxel/store';
import type { InvitationService } from './service.ts';

const TokenParams = z.object({ token: z.string().min(1).max(200) });
const Accepted = z.object({
  me: Me,
  token: z.string().optional().describe('A new session, unless the invitation was accepted with the session in use'),
  expiresAt: z.string().optional(),
});

/** The invitation link's two public routes; a session of the invited account may stand in for its password. */
export function invitationRoutes(
  app: App,
  invitations: InvitationService,
  deps: { store: Store; clock: Clock; secureCookie: boolean },
): void {
  const tags = ['auth'];
  app.get('/auth/invitations/:token', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'What an invitation link is for (404 invitation_not_found, 410 invitation_expired)',
      params: TokenParams,
      response: { 200: InvitationDetails },
    },
    handler: async (request) =>
      invitations.details(request.params.token, (await optionalSession(deps, request))?.accountId ?? null),
  });
  app.post('/auth/invitations/:token/accept', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary:
        'Accept an invitation: choose the password of a new account, or give the existing account’s password (or be logged in as it)',
      params: TokenParams,
      body: InvitationAccept,
      response: { 200: Accepted },
    },
    handler: async (request, reply) => {
      const session = await optionalSession(deps, request);
      const accepted = await invitations.accept(
        request.params.token,
        request.body,
        session?.accountId ?? null,
        requestContext(request),
      );
      if (!accepted.session) return { me: accepted.me };
      setSessionCookie(reply, accepted.session, deps.secureCookie);
      return { me: accepted.me, ...accepted.session };
    },
  });
}
