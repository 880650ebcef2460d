import { describe, expect, it } from 'vitest';
import { clientErrorResponse, frameworkRefusal } from './frameworkErrors.ts';

describe("Fastify's own errors", () => {
  it('map by their code to a status and a stable code of ours', () => {
    expect(frameworkRefusal({ code: 'FST_ERR_BAD_URL', statusCode: 400 })).toMatchObject({
      status: 400,
      code: 'invalid_url',
    });
    expect(frameworkRefusal({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
    // @fastify/multipart says 413 for a second file; it is a malformed upload, not a large one.
    expect(frameworkRefusal({ code: 'FST_FILES_LIMIT', statusCode: 413 })).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ path: 'file' }],
    });
    // ... and 406 for a JSON field that is not JSON.
    expect(frameworkRefusal({ code: 'FST_INVALID_JSON_FIELD_ERROR', statusCode: 406 })).toMatchObject({
      status: 400,
      code: 'malformed_json',
    });
  });

  it('keep the status of a client error the table does not name, with a code after the status', () => {
    expect(frameworkRefusal({ code: 'FST_SOMETHING_NEW', statusCode: 416, message: 'Range Not Satisfiable' })).toEqual({
      status: 416,
      code: 'range_not_satisfiable',
      detail: 'Range Not Satisfiable',
    });
    expect(frameworkRefusal({ statusCode: 418, message: 'teapot' })).toMatchObject({
      status: 418,
      code: 'bad_request',
    });
  });

  it('leave server errors to the caller (a 500 that is logged)', () => {
    expect(frameworkRefusal({ code: 'FST_ERR_CTP_INVALID_PARSE_TYPE', statusCode: 500 })).toBeNull();
    expect(frameworkRefusal({ message: 'no status at all' })).toBeNull();
  });
});

describe("Node's HTTP parser refusals", () => {
  it('are complete HTTP/1.1 responses with problem details whose length matches the header', () => {
    const raw = clientErrorResponse({ code: 'HPE_HEADER_OVERFLOW' });
    const [head, body] = raw.split('\r\n\r\n') as [string, string];
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(head).toContain('Content-Type: application/problem+json');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(JSON.parse(body)).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('say 408 for a slow client and 400 for anything else', () => {
    expect(clientErrorResponse({ code: 'ERR_HTTP_REQUEST_TIMEOUT' })).toMatch(/^HTTP\/1\.1 408 /);
    expect(clientErrorResponse({ code: 'HPE_INVALID_METHOD' })).toMatch(/^HTTP\/1\.1 400 /);
  });
});
