import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Id } from '@vaxel/domain';
import { z } from 'zod';
import type { RoutePermission } from '../auth/permissions.ts';

/** The Fastify instance with zod as its type provider: one schema gives validation, types and OpenAPI. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifySchema {
    /** JSON Schema of a multipart/form-data body, for the OpenAPI document only. */
    multipartBody?: Record<string, unknown>;
  }
}

/** A route as registered, with the permission it declares (feeds the authorisation matrix test). */
export type RegisteredRoute = { method: string; url: string; permission: RoutePermission | undefined };

export const OrgParams = z.object({ orgId: Id });

/** `?unassigned=true` style booleans. */
export const QueryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** An instant in ISO 8601 with an offset; passed on as UTC. */
export const Instant = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be an ISO 8601 time such as 2026-01-31T08:00:00+01:00',
  })
  .transform((s) => new Date(s).toISOString());

/** Problem details (RFC 9457), for the OpenAPI document. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .meta({ id: 'Problem' });
