import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * Refusals that Fastify, its router, its body parsers and @fastify/multipart raise before any
 * route of ours runs come as the same problem details as every other refusal, with the right
 * status and a stable code (packages/api/src/http/frameworkErrors.ts).
 */
let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation();
});
afterAll(async () => h.close());

function expectProblem(res: LightMyRequestResponse, status: number, code: string) {
  expect({ status: res.statusCode, type: res.headers['content-type'], code: res.json().code }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
    code,
  });
}

const asAdmin = (method: string, path: string, headers: Record<string, string>, payload?: string | Buffer) =>
  h.app.inject({
    method: method as 'POST',
    url: `/api/v1/orgs/${o.org.id}${path}`,
    headers: { authorization: `Bearer ${o.adminToken}`, ...headers },
    ...(payload === undefined ? {} : { payload }),
  });

type Part = { name: string; value?: string; file?: { fileName: string; type: string; data: Buffer } };

function form(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----vaxel${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `Content-Disposition: form-data; name="${part.name}"${part.file ? `; filename="${part.file.fileName}"` : ''}`;
    chunks.push(
      Buffer.from(`--${boundary}\r\n${disposition}\r\n${part.file ? `Content-Type: ${part.file.type}\r\n` : ''}\r\n`),
    );
    chunks.push(part.file ? part.file.data : Buffer.from(part.value ?? ''), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const wavPart = (fileName: string): Part => ({
  name: 'file',
  file: { fileName, type: 'audio/wav', data: randomBytes(2000) },
});

/** Sends raw bytes to the listening API and returns everything it answers before closing. */
async function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.on('close', () => resolve(answer));
    socket.write(request);
  });
}

function parseRaw(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: JSON.parse(body) as { code: string; status: number },
  };
}

describe("the router's refusals", () => {
  it('answers a bad percent-escape in an API path with 400 invalid_url', async () => {
    expectProblem(await h.app.inject({ method: 'GET', url: '/api/v1/orgs/%E0%A4%A' }), 400, 'invalid_url');
  });

  it('answers a bad percent-escape in a console path with the same 400 invalid_url', async () => {
    expectProblem(await h.app.inject({ method: 'GET', url: '/settings/%E0%A4%A' }), 400, 'invalid_url');
  });

  it('answers a path parameter over the router limit with 414 uri_too_long', async () => {
    expectProblem(await asAdmin('GET', `/users/${'a'.repeat(300)}`, {}), 414, 'uri_too_long');
  });

  it('answers a query string that makes the URL longer than 8192 characters with 414 uri_too_long', async () => {
    expectProblem(await asAdmin('GET', `/calls?number=${'1'.repeat(9000)}`, {}), 414, 'uri_too_long');
  });

  it('answers a wrong method on an existing API path with 405 method_not_allowed and Allow', async () => {
    const res = await h.app.inject({ method: 'DELETE', url: '/api/v1/health' });
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('answers PUT on a collection that takes GET and POST with 405 listing both', async () => {
    const res = await asAdmin('PUT', '/teams', { 'content-type': 'application/json' }, '{}');
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
  });

  it('still answers a path that exists with no method with 404 not_found', async () => {
    expectProblem(await h.app.inject({ method: 'GET', url: '/api/v1/nothing/here' }), 404, 'not_found');
  });

  it('answers OPTIONS on an API path with 204 and Allow, and on an unknown one with 404', async () => {
    const res = await h.app.inject({ method: 'OPTIONS', url: `/api/v1/orgs/${o.org.id}/teams` });
    expect(res.statusCode).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(res.body).toBe('');
    expectProblem(await h.app.inject({ method: 'OPTIONS', url: '/api/v1/nothing' }), 404, 'not_found');
  });

  it('answers HEAD like GET, without a body: 200 for health, 401 problem headers for a protected route', async () => {
    const health = await h.app.inject({ method: 'HEAD', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    const protectedRoute = await h.app.inject({ method: 'HEAD', url: `/api/v1/orgs/${o.org.id}/teams` });
    expect(protectedRoute.statusCode).toBe(401);
    expect(protectedRoute.headers['content-type']).toContain('application/problem+json');
    expect(protectedRoute.body).toBe('');
  });
});

describe("the body parsers' refusals", () => {
  it('answers malformed JSON with 400 malformed_json and stores nothing', async () => {
    expectProblem(
      await asAdmin('POST', '/teams', { 'content-type': 'application/json' }, '{"name":"Half'),
      400,
      'malformed_json',
    );
    expect((await o.req('GET', '/teams')).json()).toEqual([]);
  });

  it('answers an empty body sent as JSON with 400 empty_body', async () => {
    expectProblem(await asAdmin('POST', '/teams', { 'content-type': 'application/json' }, ''), 400, 'empty_body');
  });

  it('answers a content type the API does not read with 415 unsupported_media_type', async () => {
    expectProblem(
      await asAdmin('POST', '/teams', { 'content-type': 'application/xml' }, '<team name="x"/>'),
      415,
      'unsupported_media_type',
    );
  });

  it('answers a JSON body over 1 MB with 413 payload_too_large', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(1024 * 1024) });
    expectProblem(
      await asAdmin('POST', '/teams', { 'content-type': 'application/json' }, body),
      413,
      'payload_too_large',
    );
  });

  it('answers a body shorter than its Content-Length with 400 malformed_body', async () => {
    expectProblem(
      await asAdmin('POST', '/teams', { 'content-type': 'application/json', 'content-length': '100' }, '{"name":"x"}'),
      400,
      'malformed_body',
    );
  });
});

describe("the multipart parser's refusals", () => {
  it('answers a second file in an upload with 400 validation_failed at file (not 413), and stores nothing', async () => {
    const body = form([
      { name: 'name', value: 'Two files' },
      { name: 'language', value: 'sv-SE' },
      wavPart('a.wav'),
      wavPart('b.wav'),
    ]);
    const res = await asAdmin('POST', '/audio-files', body.headers, body.payload);
    expectProblem(res, 400, 'validation_failed');
    expect(res.json().errors).toEqual([{ path: 'file', message: 'send exactly one file, in the field named file' }]);
    expect((await o.req('GET', '/audio-files')).json()).toEqual([]);
  });

  it('answers more form fields than allowed with 400 too_many_parts', async () => {
    const fields = Array.from({ length: 11 }, (_, i) => ({ name: `field${i}`, value: 'x' }));
    const body = form([...fields, wavPart('a.wav')]);
    expectProblem(await asAdmin('POST', '/audio-files', body.headers, body.payload), 400, 'too_many_parts');
  });

  it('answers a form field named __proto__ with 400 malformed_body', async () => {
    const body = form([{ name: '__proto__', value: 'x' }, wavPart('a.wav')]);
    expectProblem(await asAdmin('POST', '/audio-files', body.headers, body.payload), 400, 'malformed_body');
  });

  it('answers a file over 20 MB with 413 payload_too_large', async () => {
    const body = form([
      { name: 'name', value: 'Big' },
      { name: 'language', value: 'sv-SE' },
      { name: 'file', file: { fileName: 'big.wav', type: 'audio/wav', data: Buffer.alloc(21 * 1024 * 1024) } },
    ]);
    expectProblem(await asAdmin('POST', '/audio-files', body.headers, body.payload), 413, 'payload_too_large');
  });
});

describe("Node's HTTP parser's refusals, on a real socket", () => {
  let port: number;
  beforeAll(async () => {
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const address = h.app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('not listening');
    port = address.port;
  });

  it('answers a request head over 16 KiB (a very long query) with 431 headers_too_large', async () => {
    const answer = parseRaw(
      await rawHttp(port, `GET /api/v1/health?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`),
    );
    expect({ status: answer.status, type: answer.headers['content-type'], code: answer.body.code }).toEqual({
      status: 431,
      type: 'application/problem+json',
      code: 'headers_too_large',
    });
  });

  it('answers bytes that are not HTTP with 400 bad_request', async () => {
    const answer = parseRaw(await rawHttp(port, 'HELLO THERE\r\n\r\n'));
    expect({ status: answer.status, type: answer.headers['content-type'], code: answer.body.code }).toEqual({
      status: 400,
      type: 'application/problem+json',
      code: 'bad_request',
    });
  });
});
