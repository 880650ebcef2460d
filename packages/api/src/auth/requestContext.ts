import type { FastifyRequest } from 'fastify';

/** Where a request comes from, as sessions and security events remember it. */
export type RequestContext = { address: string; userAgent: string | null };

export function requestContext(request: FastifyRequest): RequestContext {
  const agent = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof agent === 'string' && agent !== '' ? agent.slice(0, 300) : null };
}
