import type { FastifyInstance } from 'fastify';
import type { MetricsSource } from './metricsSource.ts';

/**
 * `GET /metrics` for Prometheus (issue 11), outside /api/v1 where scrapers look for it, behind the
 * operator bearer token like every operator route (auth/permissions.ts): no token or a wrong one
 * is 401, a user's session 403, both problem+json.
 */
export function metricsRoutes(app: FastifyInstance, source: MetricsSource): void {
  app.get('/metrics', {
    config: { permission: 'operator' },
    schema: { hide: true },
    handler: async (_request, reply) => reply.type(source.contentType).send(await source.metrics()),
  });
}
