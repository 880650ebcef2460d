import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, testPassword, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * Security headers (packages/api/src/http/securityHeaders.ts): on API responses, on the console's
 * files and on /docs; HSTS and a Secure session cookie only when VAXEL_PUBLIC_URL is https.
 */
let webRoot: string;
let plain: Harness;
let o: TestOrganisation;
let tls: Harness;

const consoleIndex = [
  '<!doctype html><html><head>',
  '<meta property="csp-nonce" nonce="VAXEL_CSP_NONCE">',
  '<script type="module" crossorigin src="/assets/index-CWX5Nlkv.js" nonce="VAXEL_CSP_NONCE"></script>',
  '<title>Växel console</title></head><body><div id="root"></div></body></html>',
].join('');

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'vaxel-web-'));
  await writeFile(join(webRoot, 'index.html'), consoleIndex);
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'assets', 'index-CWX5Nlkv.js'), 'console.log("built")');
  await writeFile(join(webRoot, 'robots.txt'), 'User-agent: *');
  plain = await startHarness({ webRoot, publicUrl: 'http://pbx.example.test' });
  o = await plain.organisation();
  tls = await startHarness({ webRoot, publicUrl: 'https://pbx.example.test' });
});
afterAll(async () => {
  await plain?.close();
  await tls?.close();
  await rm(webRoot, { recursive: true, force: true });
});

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string');
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

const login = (h: Harness, email: string) =>
  h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: testPassword } });

describe('API responses', () => {
  it('are never stored by a cache', async () => {
    expect((await o.req('GET', '/users')).headers['cache-control']).toBe('no-store');
  });

  it('are never sniffed as another type, framed, or given a referrer beyond this origin', async () => {
    const res = await o.req('GET', '/users');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(directives(res.headers['content-security-policy'])).toMatchObject({
      'default-src': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it('carry the same headers when they are refusals, including the router’s own', async () => {
    for (const res of [
      await plain.app.inject({ method: 'GET', url: '/api/v1/orgs/x/users' }),
      await plain.app.inject({ method: 'GET', url: '/api/v1/orgs/%E0%A4%A' }),
    ]) {
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(directives(res.headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
    }
  });

  it('serve stored audio sandboxed and uncached', async () => {
    const file = (await o.req('POST', '/audio-files/tts', { name: 'Greeting', language: 'sv-SE', text: 'Hej' })).json();
    const res = await o.req('GET', `/audio-files/${file.id}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(directives(res.headers['content-security-policy'])).toMatchObject({
      'default-src': ["'none'"],
      sandbox: [],
      'frame-ancestors': ["'none'"],
    });
  });
});

describe('over http (VAXEL_PUBLIC_URL http://…)', () => {
  it('sends no HSTS', async () => {
    expect(
      (await plain.app.inject({ method: 'GET', url: '/api/v1/health' })).headers['strict-transport-security'],
    ).toBeUndefined();
  });

  it('sets the session cookie HttpOnly and SameSite=Lax but not Secure, so login works without TLS', async () => {
    const cookie = String((await login(plain, o.adminEmail)).headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });
});

describe('over https (VAXEL_PUBLIC_URL https://…)', () => {
  it('sends HSTS for a year with subdomains on API and console responses', async () => {
    for (const url of ['/api/v1/health', '/', '/api/v1/unknown']) {
      expect((await tls.app.inject({ method: 'GET', url })).headers['strict-transport-security']).toBe(
        'max-age=31536000; includeSubDomains',
      );
    }
  });

  it('sets the session cookie Secure, and clears it Secure on logout', async () => {
    const org = await tls.organisation();
    const res = await login(tls, org.adminEmail);
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    const logout = await tls.as(res.json().token, 'POST', '/api/v1/auth/logout');
    expect(logout.statusCode).toBe(204);
    expect(String(logout.headers['set-cookie'])).toMatch(/vaxel_session=;.*Secure/);
  });
});

describe('the console', () => {
  it('gets a policy with its own scripts only, no inline script or eval, and no framing', async () => {
    const policy = directives((await plain.app.inject({ method: 'GET', url: '/' })).headers['content-security-policy']);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'self'"]);
  });

  it("allows inline <style> only with a fresh nonce per response, never 'unsafe-inline'", async () => {
    const nonces: string[] = [];
    for (const url of ['/', '/settings/phone-system/response-groups']) {
      const res = await plain.app.inject({ method: 'GET', url });
      const styles = directives(res.headers['content-security-policy'])['style-src']!;
      expect(styles).not.toContain("'unsafe-inline'");
      const nonce = styles.find((s) => s.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? '';
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      // The page's placeholders carry the same nonce, so Mantine's <style> elements may use it.
      expect(res.body).not.toContain('VAXEL_CSP_NONCE');
      expect(res.body).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(new Set(nonces).size).toBe(2);
  });

  it('never caches index.html (its nonce is single-use), keeps hashed assets a year, revalidates other files', async () => {
    expect((await plain.app.inject({ method: 'GET', url: '/' })).headers['cache-control']).toBe('no-store');
    expect((await plain.app.inject({ method: 'GET', url: '/index.html' })).headers['cache-control']).toBe('no-store');
    const asset = await plain.app.inject({ method: 'GET', url: '/assets/index-CWX5Nlkv.js' });
    expect(asset.body).toContain('built');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await plain.app.inject({ method: 'GET', url: '/robots.txt' })).headers['cache-control']).toBe('no-cache');
  });

  it('serves /index.html with its nonce filled in, never the raw placeholder', async () => {
    const res = await plain.app.inject({ method: 'GET', url: '/index.html' });
    expect(res.body).toContain('Växel console');
    expect(res.body).not.toContain('VAXEL_CSP_NONCE');
  });
});

describe('/docs (Swagger UI)', () => {
  it('gets its own policy: its scripts only, inline styles (Swagger UI needs them), no framing', async () => {
    const res = await plain.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const policy = directives(res.headers['content-security-policy']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
