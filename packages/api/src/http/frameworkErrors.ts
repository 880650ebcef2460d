import type { FieldError } from '@vaxel/domain';

/**
 * Errors raised by Fastify itself (router, content-type parsers) and by @fastify/multipart,
 * before any route of ours runs, each with the status and stable `code` a client can rely on.
 * problem.ts turns the result into problem details; this table is the one place that knows
 * Fastify's codes. Anything not listed keeps Fastify's 4xx status with a code named after it.
 */
export type FrameworkRefusal = { status: number; code: string; detail: string; errors?: FieldError[] };

/** The multipart limits the API registers @fastify/multipart with (buildApi), named in refusals. */
export const multipartLimits = { files: 1, fields: 10, fieldSize: 10_000, parts: 12 } as const;

const table: Record<string, (message: string) => FrameworkRefusal> = {
  // Router
  FST_ERR_BAD_URL: () => ({
    status: 400,
    code: 'invalid_url',
    detail: 'The URL has an invalid percent-encoding (%XX must form UTF-8).',
  }),
  FST_ERR_INVALID_URL: () => ({ status: 400, code: 'invalid_url', detail: 'The URL is not valid.' }),
  FST_ERR_MAX_PARAM_LENGTH: () => ({ status: 414, code: 'uri_too_long', detail: 'A part of the URL is too long.' }),
  FST_ERR_NOT_FOUND: () => ({ status: 404, code: 'not_found', detail: 'No such resource.' }),
  // Body parsing
  FST_ERR_CTP_INVALID_JSON_BODY: () => ({ status: 400, code: 'malformed_json', detail: 'The body is not valid JSON.' }),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => ({
    status: 400,
    code: 'empty_body',
    detail: 'The body is empty but Content-Type says application/json; send a JSON value or no Content-Type.',
  }),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => ({
    status: 400,
    code: 'malformed_body',
    detail: 'The body does not have the length its Content-Length header says.',
  }),
  FST_ERR_CTP_BODY_TOO_LARGE: () => ({
    status: 413,
    code: 'payload_too_large',
    detail: 'The request body is too large.',
  }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => ({
    status: 415,
    code: 'unsupported_media_type',
    detail: 'Send application/json (or multipart/form-data for uploads).',
  }),
  // @fastify/multipart
  FST_FILES_LIMIT: () => ({
    status: 400,
    code: 'validation_failed',
    detail: 'file: send exactly one file, in the field named file',
    errors: [{ path: 'file', message: 'send exactly one file, in the field named file' }],
  }),
  FST_PARTS_LIMIT: () => ({
    status: 400,
    code: 'too_many_parts',
    detail: `A form may have at most ${multipartLimits.parts} parts.`,
  }),
  FST_FIELDS_LIMIT: () => ({
    status: 400,
    code: 'too_many_parts',
    detail: `A form may have at most ${multipartLimits.fields} text fields.`,
  }),
  FST_REQ_FILE_TOO_LARGE: () => ({ status: 413, code: 'payload_too_large', detail: 'The file is too large.' }),
  FST_PROTO_VIOLATION: () => ({
    status: 400,
    code: 'malformed_body',
    detail: 'A form field may not be named __proto__ or constructor.',
  }),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => ({
    status: 415,
    code: 'unsupported_media_type',
    detail: 'Send multipart/form-data.',
  }),
  FST_INVALID_JSON_FIELD_ERROR: () => ({
    status: 400,
    code: 'malformed_json',
    detail: 'A form field declared as JSON is not valid JSON.',
  }),
  FST_MP_PREMATURE_CLOSE: () => ({
    status: 400,
    code: 'malformed_body',
    detail: 'The form ended before it was complete.',
  }),
};

/** Codes for a Fastify or plugin 4xx that the table does not name, by status. */
const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  411: 'length_required',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  429: 'rate_limited',
  431: 'headers_too_large',
};

/**
 * The refusal for an error that Fastify or a plugin raised with a 4xx status, or null when it is
 * not a client error (a 5xx from Fastify is a bug of ours: the caller answers 500 and logs it).
 */
export function frameworkRefusal(error: {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
}): FrameworkRefusal | null {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  const known = table[code];
  if (known) return known(message);
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status < 400 || status >= 500) return null;
  // Messages of Fastify's client errors describe the request, never our internals.
  return { status, code: codeByStatus[status] ?? 'bad_request', detail: message || 'The request is not valid.' };
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (a request head over 16 KiB,
 * a malformed request line, a client too slow to send its head). Fastify's default answer is its
 * own JSON; this is the same refusal as problem details, as raw HTTP/1.1 bytes for the socket.
 */
export function clientErrorResponse(error: { code?: string }): string {
  const [status, reason, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          'headers_too_large',
          'The request line and headers may be at most 16 KiB; shorten the URL or the headers.',
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'request_timeout', 'The request was not received in time.']
        : [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ type: `https://vaxel.example/problems/${code}`, title: reason, status, detail, code });
  return (
    `HTTP/1.1 ${status} ${reason}\r\n` +
    'Connection: close\r\n' +
    'Content-Type: application/problem+json\r\n' +
    'Cache-Control: no-store\r\n' +
    'X-Content-Type-Options: nosniff\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
