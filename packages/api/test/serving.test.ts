import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

let h: Harness;
let o: TestOrganisation;
let webRoot: string;
const logLines: string[] = [];
const changed: string[] = [];

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'vaxel-web-'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><title>Växel console</title>');
  await writeFile(join(webRoot, 'app.js'), 'console.log("console")');
  h = await startHarness({ webRoot, logLines, liveState: { settingsChanged: (id) => changed.push(id) } });
  o = await h.organisation();
});
afterAll(async () => {
  await h.close();
  await rm(webRoot, { recursive: true, force: true });
});

describe('the console next to the API', () => {
  it('serves the built console at /, its files, and index.html for client-side routes', async () => {
    const index = await h.app.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('Växel console');
    expect((await h.app.inject({ method: 'GET', url: '/app.js' })).body).toContain('console');
    const deep = await h.app.inject({ method: 'GET', url: '/settings/phone-system/response-groups' });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('Växel console');
  });

  it('serves a file added after start, and a 404 rather than the index for a missing one', async () => {
    await writeFile(join(webRoot, 'rebuilt.js'), 'console.log("rebuilt")');
    expect((await h.app.inject({ method: 'GET', url: '/rebuilt.js' })).body).toContain('rebuilt');
    const missing = await h.app.inject({ method: 'GET', url: '/assets/gone.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('Växel console');
    expect((await h.app.inject({ method: 'GET', url: '/..%2F..%2Fetc%2Fpasswd.txt' })).statusCode).toBe(404);
  });

  it('still answers unknown API paths with a problem', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/unknown' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

describe('settings changes reach the switch (R81)', () => {
  it('tells the live state after a successful change, not after a read or a refusal', async () => {
    changed.length = 0;
    await o.req('GET', '/call-routing-defaults');
    await o.req('PATCH', '/call-routing-defaults', { ringSeconds: 1 });
    expect(changed).toEqual([]);
    await o.req('PATCH', '/call-routing-defaults', { ringSeconds: 30 });
    expect(changed).toEqual([o.org.id]);
  });
});

describe('logs', () => {
  it('never contain passwords, tokens or SIP secrets', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: o.adminEmail, password: testPassword },
    });
    const token = login.json().token as string;
    await h.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}`, cookie: `vaxel_session=${token}` },
    });
    const invited = await o.req('POST', '/users', {
      name: 'Log Test',
      email: 'log@example.test',
      extension: '555',
      sipPassword: 'sip secret for logs',
    });
    const invitation = invited.json().invitation.token as string;
    await h.app.inject({ method: 'GET', url: `/api/v1/auth/invitations/${invitation}` });
    await h.app.inject({ method: 'GET', url: `/invitation/${invitation}` });
    await h.acceptInvitation(invitation, { password: 'login secret for logs' });
    const reset = (
      await h.operator('POST', '/api/v1/operator/accounts/password-reset', { email: 'log@example.test' })
    ).json().token as string;
    await h.app.inject({
      method: 'POST',
      url: `/api/v1/auth/password-reset/${reset}`,
      payload: { password: 'reset secret for logs' },
    });
    await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: o.adminEmail, password: 'wrong secret for logs' },
    });
    const logs = logLines.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('/api/v1/auth/invitations/[redacted]');
    for (const secret of [
      testPassword,
      token,
      'sip secret for logs',
      'login secret for logs',
      'wrong secret for logs',
      'reset secret for logs',
      invitation,
      reset,
      h.operatorToken,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
