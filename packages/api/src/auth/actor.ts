import type { FastifyRequest } from 'fastify';
import type { Actor } from '../invitations/service.ts';
import { requestContext } from './requestContext.ts';

/** Who acts in this request on someone else's membership: the admin (their user here) or the operator. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  return {
    accountId: principal?.kind === 'account' ? principal.accountId : null,
    name: request.member?.user.name ?? null,
    context: requestContext(request),
  };
}
