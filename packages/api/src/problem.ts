import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { Conflict, DomainError, InUse, NotFound, RuleViolation, type FieldError } from '@vaxel/domain';
import { z } from 'zod';
import { allowedMethods } from './http/allowedMethods.ts';
import { clientErrorResponse, frameworkRefusal } from './http/frameworkErrors.ts';

/**
 * The one place where errors become HTTP responses: RFC 9457 problem details
 * (`application/problem+json`) with a stable `code`. Services throw domain errors
 * (@vaxel/domain), {@link HttpProblem} for HTTP-only refusals, or audio errors from the
 * media adapters; everything else is an unexpected 500 that leaks nothing.
 */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [detail: string]: unknown;
};

/** A refusal that only exists at the HTTP edge: 401, 403, 413, 429 and friends. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

export const unauthorized = () =>
  new HttpProblem(401, 'unauthorized', 'Log in (POST /api/v1/auth/login) or send Authorization: Bearer <token>.');
export const forbidden = (detail: string) => new HttpProblem(403, 'forbidden', detail);

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Rule violations that are not 400: a language without a voice is 422 however it is found out. */
const ruleStatus: Record<string, number> = { unsupported_language: 422 };

/** Codes of the media adapters' AudioError (matched by shape: the api does not import media). */
const audioStatus: Record<string, number> = {
  unsupported_audio: 422,
  corrupt_audio: 422,
  audio_too_long: 422,
  audio_too_large: 413,
  unsupported_language: 422,
  tool_unavailable: 503,
};

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return {
    type: `https://vaxel.example/problems/${code}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

/** `['agentIds', 0, 'x']` → `agentIds[0].x`, the path style of the domain's FieldError. */
export function formatPath(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number' || /^\d+$/.test(String(segment))) out += `[${String(segment)}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

const joinPath = (base: string, key: string) => (base ? `${base}.${key}` : key);

/** Zod issues → field errors; an unknown key is reported at its own path. */
export function zodFieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>, prefix = ''): FieldError[] {
  return issues.flatMap((issue) => {
    const path = formatPath([...(prefix ? [prefix] : []), ...issue.path]);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: joinPath(path, key), message: 'unknown field' }));
    }
    return [{ path, message: issue.message }];
  });
}

type FastifyValidationItem = {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
};

function fastifyValidationErrors(items: FastifyValidationItem[]): FieldError[] {
  return items.flatMap((item) => {
    const path = formatPath(item.instancePath.split('/').filter(Boolean));
    if (item.keyword === 'unrecognized_keys' && Array.isArray(item.params.keys)) {
      return (item.params.keys as string[]).map((key) => ({ path: joinPath(path, key), message: 'unknown field' }));
    }
    return [{ path, message: item.message ?? 'is invalid' }];
  });
}

/** Maps any thrown value to a problem; `internal` is true for the unexpected ones worth logging. */
export function toProblem(error: unknown): { problem: Problem; internal: boolean; headers?: Record<string, string> } {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = fastifyValidationErrors(error.validation as unknown as FastifyValidationItem[]);
    return { problem: problem(400, 'validation_failed', describeErrors(errors), { errors }), internal: false };
  }
  if (error instanceof z.ZodError) {
    const errors = zodFieldErrors(error.issues);
    return { problem: problem(400, 'validation_failed', describeErrors(errors), { errors }), internal: false };
  }
  if (error instanceof RuleViolation) {
    return {
      problem: problem(ruleStatus[error.code] ?? 400, error.code, error.message, { errors: error.errors }),
      internal: false,
    };
  }
  if (error instanceof NotFound) return { problem: problem(404, 'not_found', error.message), internal: false };
  if (error instanceof InUse) {
    return { problem: problem(409, 'in_use', error.message, { usages: error.usages }), internal: false };
  }
  if (error instanceof Conflict) {
    return { problem: problem(409, error.code, error.message, error.details), internal: false };
  }
  if (error instanceof DomainError) {
    return { problem: problem(400, error.code, error.message, error.details), internal: false };
  }
  if (error instanceof HttpProblem) {
    return { problem: problem(error.status, error.code, error.message, error.details), internal: false };
  }
  if (isAudioError(error)) {
    const status = audioStatus[error.code] ?? 422;
    const code = error.code === 'audio_too_large' ? 'payload_too_large' : error.code;
    const detail =
      error.code === 'tool_unavailable' ? 'Audio processing is not available on this server right now.' : error.message;
    return { problem: problem(status, code, detail), internal: error.code === 'tool_unavailable' };
  }
  const fastifyError = error as Partial<FastifyError> | null;
  if (fastifyError && typeof fastifyError === 'object' && typeof fastifyError.statusCode === 'number') {
    return fromFastifyError(fastifyError as FastifyError);
  }
  return {
    problem: problem(500, 'internal_error', 'Something went wrong on our side. The error has been logged.'),
    internal: true,
  };
}

function fromFastifyError(error: FastifyError): {
  problem: Problem;
  internal: boolean;
  headers?: Record<string, string>;
} {
  if (isResponseSerializationError(error as never) && error.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
    return {
      problem: problem(500, 'internal_error', 'Something went wrong on our side. The error has been logged.'),
      internal: true,
    };
  }
  const refusal = frameworkRefusal(error);
  if (refusal) {
    const { status, code, detail, errors } = refusal;
    return { problem: problem(status, code, detail, errors ? { errors } : {}), internal: false };
  }
  return {
    problem: problem(500, 'internal_error', 'Something went wrong on our side. The error has been logged.'),
    internal: true,
  };
}

function isAudioError(error: unknown): error is { code: string; message: string } {
  return (
    error instanceof Error &&
    error.name === 'AudioError' &&
    typeof (error as Error & { code?: unknown }).code === 'string' &&
    String((error as Error & { code?: unknown }).code) in audioStatus
  );
}

function describeErrors(errors: FieldError[]): string {
  if (errors.length === 0) return 'The request is invalid.';
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(JSON.stringify(p));
}

export type ProblemHandlerOptions = {
  /** The API's routes as registered (method and URL pattern), for 405 and OPTIONS answers. */
  routes: ReadonlyArray<{ method: string; url: string }>;
  /** Where paths outside /api/ go (the console's files), instead of a plain 404. */
  onUnknownPath?: (req: FastifyRequest, reply: FastifyReply) => unknown;
};

/**
 * Installs the error and not-found handlers. Under /api/ a path that exists with other methods
 * gets 405 with `Allow` (RFC 9110 §15.5.6), and OPTIONS gets 204 with `Allow` (§9.3.7; no CORS:
 * the console is same-origin), so a wrong method is never mistaken for a missing resource.
 */
export function installProblemHandlers(app: FastifyInstance, options: ProblemHandlerOptions): void {
  app.setErrorHandler((error, request, reply) => {
    const { problem: p, internal } = toProblem(error);
    if (internal) request.log.error({ err: error }, 'request failed');
    if (p.status === 429 && reply.getHeader('retry-after') === undefined) {
      reply.header('retry-after', String(typeof p.retryAfterSeconds === 'number' ? p.retryAfterSeconds : 60));
    }
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/api/')) {
      const allowed = allowedMethods(options.routes, path);
      if (allowed.length > 0) {
        reply.header('allow', allowed.join(', '));
        if (request.method === 'OPTIONS') return reply.code(204).send();
        return sendProblem(
          reply,
          problem(405, 'method_not_allowed', `${path} answers ${allowed.join(', ')}, not ${request.method}.`),
        );
      }
    } else if (options.onUnknownPath) {
      return options.onUnknownPath(request, reply);
    }
    return sendProblem(reply, problem(404, 'not_found', `No route ${request.method} ${path}`));
  });
}

/**
 * For Fastify's `frameworkErrors` option: the router's refusals (bad percent-encoding, an
 * over-long path parameter) are raised before any handler, so the error handler never sees them.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { problem: p, internal } = toProblem(error);
  if (internal) request.log.error({ err: error }, 'request failed before routing');
  return sendProblem(reply, p);
}

/** For Fastify's `clientErrorHandler` option: requests Node's HTTP parser refused. */
export function clientErrorHandler(error: Error & { code?: string }, socket: import('node:net').Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) socket.write(clientErrorResponse(error));
  socket.destroy(error);
}
