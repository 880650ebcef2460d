import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Store } from '@vaxel/store';
import { createAuthorizationHook } from '../auth/permissions.ts';
import { systemClock, type Clock } from '../deps.ts';
import { clientErrorHandler, frameworkErrorHandler, installProblemHandlers } from '../problem.ts';
import type { MetricsSource } from './metricsSource.ts';
import { metricsRoutes } from './routes.ts';

export type MetricsServerDeps = {
  /** Where operator tokens kept since the first start are looked up, as on the API's port. */
  store: Store;
  metrics: MetricsSource;
  /** SHA-256 (hex) of the configured operator token (ApiDeps.operatorTokenHash). */
  operatorTokenHash?: string;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
};

/**
 * `GET /metrics` alone on a port of its own (`VAXEL_METRICS_PORT`, issue 11), for a scraper kept
 * off the API's port. The same operator token and the same authorisation hook as the API, so
 * there is one scheme; every other path is a 404 problem.
 */
export async function buildMetricsServer(deps: MetricsServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: false,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  installProblemHandlers(app, { routes: [] });
  app.addHook(
    'onRequest',
    createAuthorizationHook({
      store: deps.store,
      operatorTokenHash: deps.operatorTokenHash,
      clock: deps.clock ?? systemClock,
    }),
  );
  metricsRoutes(app, deps.metrics);
  await app.ready();
  return app;
}
