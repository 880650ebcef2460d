import { resolve } from 'node:path';
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
import { AuditLogSecurityEvents } from './audit/auditLogSecurityEvents.ts';
import { installAuditTrail } from './audit/auditTrail.ts';
import { auditLogRoutes } from './audit/routes.ts';
import { audioFileRoutes } from './audioFiles/routes.ts';
import { AudioFileService } from './audioFiles/service.ts';
import { createAccountServices } from './accountServices.ts';
import { logSecurityEvents } from './audit/logSecurityEvents.ts';
import type { SecurityEventSink } from './audit/securityEvents.ts';
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
import { installStrictJsonParser } from './http/strictJson.ts';
import { rejectUnstorableText } from './http/textGuard.ts';
import { consoleFiles } from './http/consoleFiles.ts';
import { multipartLimits } from './http/frameworkErrors.ts';
import { installSecurityHeaders, isHttpsUrl, setSecurityHeaders } from './http/securityHeaders.ts';
import { rejectOverlongUrl } from './http/urlLimit.ts';
import { invitationRoutes } from './invitations/routes.ts';
import { ivrMenuRoutes } from './ivrMenus/routes.ts';
import { metricsRoutes } from './metrics/routes.ts';
import { smtpMailer } from './mail/mailer.ts';
import { IvrMenuService } from './ivrMenus/service.ts';
import { OperatorAdminService } from './operator/adminService.ts';
import { OperatorOrganisationService } from './operator/organisationService.ts';
import { operatorRoutes } from './operator/routes.ts';
import { TrunkService } from './operator/trunkService.ts';
import { sipBanRoutes } from './operator/sipBanRoutes.ts';
import { organisationRoutes } from './organisation/routes.ts';
import { outboundRulesRoutes } from './outboundRules/routes.ts';
import { OutboundBlockService } from './outboundRules/outboundBlockService.ts';
import { OutboundRulesService } from './outboundRules/service.ts';
import { clientErrorHandler, frameworkErrorHandler, installProblemHandlers } from './problem.ts';
import { recordingRoutes } from './recordings/routes.ts';
import { RecordingService } from './recordings/service.ts';
import { GroupChanges } from './responseGroups/live/groupChanges.ts';
import { defaultLiveEventTiming } from './responseGroups/live/liveEvents.ts';
import { ResponseGroupLiveService } from './responseGroups/live/liveService.ts';
import { responseGroupLiveRoutes } from './responseGroups/live/routes.ts';
import { responseGroupRoutes } from './responseGroups/routes.ts';
import { ResponseGroupService } from './responseGroups/service.ts';
import { subscriptionRoutes } from './subscription/routes.ts';
import { SubscriptionService } from './subscription/service.ts';
import { teamRoutes } from './teams/routes.ts';
import { TeamService } from './teams/service.ts';
import { userRoutes } from './users/routes.ts';
import { UserRoutingService } from './users/routingService.ts';
import { UserService } from './users/service.ts';
import { voicemailRoutes } from './voicemail/routes.ts';
import { VoicemailService } from './voicemail/service.ts';

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
    'body.pin',
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
  const headers = { https: isHttpsUrl(deps.publicUrl) };
  const app = Fastify({
    logger: loggerOptions(deps.logger),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    return503OnClosing: true,
    // Refusals raised before any route runs are problem details too (problem.ts).
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request, reply, headers);
      return frameworkErrorHandler(error, request, reply);
    },
    clientErrorHandler,
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
  // Every change of a setting is recorded (audit/auditTrail.ts); installed before any route is added.
  installAuditTrail(app, { store: deps.store, clock, apiPrefix });

  installProblemHandlers(app, { routes, ...(deps.webRoot ? { onUnknownPath: consoleFiles(deps.webRoot) } : {}) });
  installSecurityHeaders(app, headers);
  installStrictJsonParser(app);

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: audioLimits.maxBytes, ...multipartLimits },
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

  app.addHook('onRequest', rejectOverlongUrl);
  app.addHook(
    'onRequest',
    createAuthorizationHook({ store: deps.store, operatorTokenHash: deps.operatorTokenHash, clock }),
  );
  app.addHook('preValidation', rejectUnstorableText);
  if (deps.liveState?.settingsChanged) {
    const notify = deps.liveState.settingsChanged.bind(deps.liveState);
    app.addHook('onResponse', async (request, reply) => {
      if (request.method === 'GET' || reply.statusCode >= 300) return;
      const organisationId = (request.params as Record<string, unknown> | undefined)?.orgId;
      if (typeof organisationId === 'string') notify(organisationId);
    });
  }

  const store = deps.store;
  // Each security event goes to the audit log and, as one structured line, to the server's log.
  const auditEvents = new AuditLogSecurityEvents(store, clock, app.log);
  const logEvents = logSecurityEvents(app.log);
  const securityEvents: SecurityEventSink = {
    record: async (event) => {
      await logEvents.record(event);
      await auditEvents.record(event);
      await deps.securityEvents?.record(event);
    },
  };
  const publicUrl = deps.publicUrl ?? 'http://localhost:8080';
  const mailer = deps.smtpUrl ? smtpMailer(deps.smtpUrl, publicUrl) : null;
  if (mailer) app.addHook('onClose', async () => mailer.close());
  const { auth, invitations, accounts } = createAccountServices({
    store,
    clock,
    publicUrl,
    mailer,
    events: securityEvents,
    log: app.log,
    loginThrottle: deps.loginThrottle,
    sessionTtlMs: deps.sessionTtlMs,
    invitationTtlMs: deps.invitationTtlMs,
    passwordResetTtlMs: deps.passwordResetTtlMs,
  });
  // Browsers then send the session only over TLS (VAXEL_PUBLIC_URL is https).
  const secureCookie = headers.https;
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
      accountRoutes(typed, accounts, { secureCookie });
      invitationRoutes(typed, invitations, { store, clock, secureCookie });
      organisationRoutes(typed, store);
      userRoutes(
        typed,
        new UserService(store, invitations, deps.files),
        new UserRoutingService(store, clock, deps.audio),
      );
      teamRoutes(typed, new TeamService(store));
      const groups = new ResponseGroupService(store, deps.audio, deps.files);
      const groupChanges = new GroupChanges();
      responseGroupRoutes(typed, groups, (orgId, groupId) => groupChanges.changed(orgId, groupId));
      responseGroupLiveRoutes(typed, {
        store,
        live: new ResponseGroupLiveService(store, clock, deps.queueLive),
        changes: groupChanges,
        timing: { ...defaultLiveEventTiming, ...deps.liveEventTiming },
        agents: async (orgId, groupId) => {
          const group = await groups.get(orgId, groupId);
          return { id: group.id, name: group.name, agents: group.agents };
        },
      });
      ivrMenuRoutes(typed, new IvrMenuService(store, deps.audio));
      callRoutingRoutes(typed, new CallRoutingService(store, deps.audio));
      outboundRulesRoutes(typed, new OutboundRulesService(store), new OutboundBlockService(store, deps.liveState));
      audioFileRoutes(typed, new AudioFileService(store, deps.files, deps.audio));
      displayNumberRoutes(typed, new DisplayNumberService(store));
      subscriptionRoutes(typed, new SubscriptionService(store, clock));
      recordingRoutes(typed, new RecordingService(store, deps.files, deps.audio));
      callRoutes(typed, new CallService(store));
      voicemailRoutes(typed, new VoicemailService(store, deps.files, clock));
      operatorRoutes(typed, {
        organisations: new OperatorOrganisationService(store),
        admins: new OperatorAdminService(store, invitations),
        trunks: new TrunkService(store),
        accounts,
      });
      sipBanRoutes(typed, deps.sipBans);
      auditLogRoutes(typed, store);
    },
    { prefix: apiPrefix },
  );

  if (deps.metrics) metricsRoutes(app, deps.metrics);

  if (deps.webRoot) {
    // Only reply.sendFile: consoleFiles (the not-found handler) decides what is served, so the
    // index page always gets its nonce and files added by a later build are found.
    await app.register(fastifyStatic, { root: resolve(deps.webRoot), serve: false, cacheControl: false });
  }
  return app;
}
