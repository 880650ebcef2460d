import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import Fastify, { type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { audioLimits } from '@vaxel/domain';
import { z } from 'zod';
import { audioFileRoutes } from './audioFiles/routes.ts';
import { AudioFileService } from './audioFiles/service.ts';
import { createAccountServices } from './accountServices.ts';
import { logSecurityEvents } from './audit/logSecurityEvents.ts';
import { accountRoutes } from './auth/accountRoutes.ts';
import { createAuthorizationHook } from './auth/permissions.ts';
import { authRoutes } from './auth/routes.ts';
import { callRoutes } from './calls/routes.ts';
import { CallService } from './calls/service.ts';
import { callRoutingRoutes } from './callRouting/routes.ts';
import { CallRoutingService } from './callRouting/service.ts';
import { systemClock, type ApiDeps } from './deps.ts';
import { displayNumberRoutes } from './displayNumbers/routes.ts';
import { DisplayNumberService } from './displayNumbers/service.ts';
import { ProblemSchema, type App, type RegisteredRoute } from './http/app.ts';
import { rejectNulBytes } from './http/nulGuard.ts';
import { invitationRoutes } from './invitations/routes.ts';
import { ivrMenuRoutes } from './ivrMenus/routes.ts';
import { smtpMailer } from './mail/mailer.ts';
import { IvrMenuService } from './ivrMenus/service.ts';
import { OperatorAdminService } from './operator/adminService.ts';
import { OperatorOrganisationService } from './operator/organisationService.ts';
import { operatorRoutes } from './operator/routes.ts';
import { TrunkService } from './operator/trunkService.ts';
import { organisationRoutes } from './organisation/routes.ts';
import { installProblemHandlers, problem, sendProblem } from './problem.ts';
import { recordingRoutes } from './recordings/routes.ts';
import { RecordingService } from './recordings/service.ts';
import { responseGroupRoutes } from './responseGroups/routes.ts';
import { ResponseGroupService } from './responseGroups/service.ts';
import { subscriptionRoutes } from './subscription/routes.ts';
import { SubscriptionService } from './subscription/service.ts';
import { teamRoutes } from './teams/routes.ts';
import { TeamService } from './teams/service.ts';
import { userRoutes } from './users/routes.ts';
import { UserRoutingService } from './users/routingService.ts';
import { UserService } from './users/service.ts';

export const apiPrefix = '/api/v1';

const problemResponse = {
  description: 'RFC 9457 problem details with a stable code',
  content: { 'application/problem+json': { schema: ProblemSchema } },
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its declared permission, collected as routes are added. */
    vaxelRoutes: RegisteredRoute[];
  }
}

/** Secrets never reach the logs (headers, and password fields should a body ever be logged). */
const redact = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    '*.password',
    '*.sipPassword',
    '*.token',
    'body.password',
    'body.sipPassword',
  ],
  censor: '[redacted]',
};

/** Invitation and reset links carry their token in the path: logged request URLs never show it. */
export function maskTokensInUrl(url: string): string {
  return url.replace(/\/(invitations?|password-reset)\/[^/?#]+/g, '/$1/[redacted]');
}

const serializers = {
  req: (request: import('fastify').FastifyRequest) => ({
    method: request.method,
    url: maskTokensInUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
};

function loggerOptions(logger: ApiDeps['logger']): FastifyServerOptions['logger'] {
  if (logger === undefined || logger === false) return false;
  if (logger === true) return { redact, serializers };
  return { ...logger, redact, serializers };
}

/**
 * The HTTP API: routes under /api/v1, OpenAPI at /api/v1/openapi.json, Swagger UI at /docs,
 * and the built console at / when `webRoot` holds it.
 */
export async function buildApi(deps: ApiDeps): Promise<App> {
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    return503OnClosing: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const routes: RegisteredRoute[] = [];
  app.decorate('vaxelRoutes', routes);
  app.decorateRequest('principal', null);
  app.decorateRequest('member', null);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(apiPrefix)) return;
    if (route.schema && !route.schema.hide) {
      // Every API route may answer with problem details; say so in the OpenAPI document.
      route.schema.response = { ...(route.schema.response as object), '4XX': problemResponse, '5XX': problemResponse };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, permission: route.config?.permission });
    }
  });

  installProblemHandlers(app, deps.webRoot ? spaFallback(resolve(deps.webRoot)) : undefined);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: audioLimits.maxBytes, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Växel API',
        version: '1.0.0',
        description: 'Configure a Växel phone system. Errors are RFC 9457 problem details with a stable `code`.',
      },
      servers: [],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'vaxel_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: (document) => {
      // Multipart bodies are read by the route itself (readUpload), so they are not a validated
      // `body`; their documented shape rides along as `multipartBody`.
      const multipartBody = (document.schema as { multipartBody?: unknown } | undefined)?.multipartBody;
      const transformed = jsonSchemaTransform(document);
      if (!multipartBody) return transformed;
      const { multipartBody: _documented, ...schema } = transformed.schema as Record<string, unknown>;
      return { ...transformed, schema: { ...schema, body: multipartBody } };
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', createAuthorizationHook({ store: deps.store, operatorTokenHash: deps.operatorTokenHash, clock }));
  app.addHook('preValidation', rejectNulBytes);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
  });
  if (deps.liveState?.settingsChanged) {
    const notify = deps.liveState.settingsChanged.bind(deps.liveState);
    app.addHook('onResponse', async (request, reply) => {
      if (request.method === 'GET' || reply.statusCode >= 300) return;
      const organisationId = (request.params as Record<string, unknown> | undefined)?.orgId;
      if (typeof organisationId === 'string') notify(organisationId);
    });
  }

  const store = deps.store;
  const publicUrl = deps.publicUrl ?? 'http://localhost:8080';
  const mailer = deps.smtpUrl ? smtpMailer(deps.smtpUrl, publicUrl) : null;
  if (mailer) app.addHook('onClose', async () => mailer.close());
  const { auth, invitations, accounts } = createAccountServices({
    store,
    clock,
    publicUrl,
    mailer,
    events: deps.securityEvents ?? logSecurityEvents(app.log),
    log: app.log,
    loginThrottle: deps.loginThrottle,
    sessionTtlMs: deps.sessionTtlMs,
    invitationTtlMs: deps.invitationTtlMs,
    passwordResetTtlMs: deps.passwordResetTtlMs,
  });
  const secureCookie = false;
  await app.register(
    async (api) => {
      const typed = api.withTypeProvider<ZodTypeProvider>();
      typed.get('/health', {
        config: { permission: 'public' },
        schema: { tags: ['meta'], security: [], response: { 200: z.object({ status: z.literal('ok') }) } },
        handler: async () => ({ status: 'ok' as const }),
      });
      typed.get('/openapi.json', {
        config: { permission: 'public' },
        schema: { hide: true },
        handler: async () => app.swagger(),
      });
      authRoutes(typed, auth, accounts, { secureCookie });
      accountRoutes(typed, accounts);
      invitationRoutes(typed, invitations, { store, clock, secureCookie });
      organisationRoutes(typed, store);
      userRoutes(typed, new UserService(store, invitations), new UserRoutingService(store, clock));
      teamRoutes(typed, new TeamService(store));
      responseGroupRoutes(typed, new ResponseGroupService(store));
      ivrMenuRoutes(typed, new IvrMenuService(store));
      callRoutingRoutes(typed, new CallRoutingService(store));
      audioFileRoutes(typed, new AudioFileService(store, deps.files, deps.audio));
      displayNumberRoutes(typed, new DisplayNumberService(store));
      subscriptionRoutes(typed, new SubscriptionService(store, clock));
      recordingRoutes(typed, new RecordingService(store, deps.files));
      callRoutes(typed, new CallService(store));
      operatorRoutes(typed, {
        organisations: new OperatorOrganisationService(store),
        admins: new OperatorAdminService(store, invitations),
        trunks: new TrunkService(store),
        accounts,
      });
    },
    { prefix: apiPrefix },
  );

  if (deps.webRoot && existsSync(join(deps.webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: resolve(deps.webRoot), wildcard: false, index: ['index.html'] });
  }
  return app;
}

/**
 * The console is a single-page app: unknown non-API GETs get its index.html. A path naming a file
 * (an asset of a console built after start) is served when it exists and is a 404 otherwise, never
 * the index page, which a browser would try to run as a script.
 */
function spaFallback(webRoot: string) {
  return (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/docs')) {
      if (/\.[A-Za-z0-9]+$/.test(path)) {
        let file = '';
        try {
          file = resolve(webRoot, `.${decodeURIComponent(path)}`);
        } catch {
          file = '';
        }
        if (file.startsWith(webRoot + sep) && existsSync(file)) return reply.sendFile(relative(webRoot, file), webRoot);
      } else if (existsSync(join(webRoot, 'index.html'))) {
        return reply.type('text/html').sendFile('index.html', webRoot);
      }
    }
    return sendProblem(reply, problem(404, 'not_found', `No route ${request.method} ${path}`));
  };
}
