import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation();
});
afterAll(async () => h.close());

const login = (email: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describe('login', () => {
  it('returns a bearer token and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const res = await login(o.adminEmail, testPassword);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.me.organisations).toEqual([
      expect.objectContaining({ organisationId: o.org.id, permissions: ['phone_system'] }),
    ]);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('vaxel_session=');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('refuses a wrong password and an unknown email alike with 401', async () => {
    const wrong = await login(o.adminEmail, 'not the password at all');
    const unknown = await login('nobody@example.test', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('unauthorized');
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('answers a malformed login with 400 and the failing fields', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'x', password: 5, extra: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'extra']));
  });
});

describe('sessions', () => {
  it('logout ends the session: the token no longer works', async () => {
    const token = (await login(o.adminEmail, testPassword)).json().token;
    expect((await h.as(token, 'GET', '/api/v1/me')).statusCode).toBe(200);
    const out = await h.as(token, 'POST', '/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('vaxel_session=;');
    expect((await h.as(token, 'GET', '/api/v1/me')).statusCode).toBe(401);
  });

  it('/me lists the person and the organisations they belong to', async () => {
    const res = await h.as(o.adminToken, 'GET', '/api/v1/me');
    expect(res.json()).toMatchObject({
      email: o.adminEmail,
      organisations: [{ organisationId: o.org.id, organisationName: o.org.name }],
    });
  });

  it('accepts the session cookie, and on unsafe methods only with X-Requested-With: vaxel (CSRF guard)', async () => {
    const cookie = `vaxel_session=${o.adminToken}`;
    const read = await h.app.inject({ method: 'GET', url: `/api/v1/orgs/${o.org.id}/teams`, headers: { cookie } });
    expect(read.statusCode).toBe(200);
    const forged = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${o.org.id}/teams`,
      headers: { cookie },
      payload: { name: 'Forged' },
    });
    expect(forged.statusCode).toBe(403);
    const fromConsole = await h.app.inject({
      method: 'POST',
      url: `/api/v1/orgs/${o.org.id}/teams`,
      headers: { cookie, 'x-requested-with': 'vaxel' },
      payload: { name: 'From the console' },
    });
    expect(fromConsole.statusCode).toBe(201);
  });

  it('refuses a made-up token and a malformed Authorization header with 401', async () => {
    expect((await h.as('A'.repeat(43), 'GET', '/api/v1/me')).statusCode).toBe(401);
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Basic abc' } });
    expect(res.statusCode).toBe(401);
  });
});

describe('public routes', () => {
  it('health answers without credentials', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document generated from the route schemas, and Swagger UI at /docs', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/orgs/{orgId}/response-groups'].post.requestBody).toBeDefined();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(40);
    // Issue 10: a call says why it ended.
    const call =
      doc.paths['/api/v1/orgs/{orgId}/calls/{callId}'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(call)).toContain('media_timeout');
    expect(
      doc.paths['/api/v1/orgs/{orgId}/audio-files'].post.requestBody.content['multipart/form-data'].schema.properties
        .file,
    ).toMatchObject({ format: 'binary' });
    expect(
      doc.paths['/api/v1/orgs/{orgId}/ivr-menus/{menuId}'].delete.responses['4XX'].content['application/problem+json'],
    ).toBeDefined();
    expect((await h.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });

  it('answers an unknown path with a problem, not an HTML page', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});
