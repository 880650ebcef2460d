import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegisteredRoute } from '../src/index.ts';
import { startHarness, type Harness, type TestOrganisation } from './support/harness.ts';

/**
 * "Never 500 on bad input", generated from the route table like the authorisation matrix:
 * every route that takes a body gets malformed ones, every route gets junk in its ids.
 */
let h: Harness;
let o: TestOrganisation;
beforeAll(async () => {
  h = await startHarness();
  o = await h.organisation();
});
afterAll(async () => h.close());

const badBodies: Array<{ label: string; payload: string; contentType: string }> = [
  { label: 'malformed JSON', payload: '{"name":', contentType: 'application/json' },
  { label: 'an array', payload: '[1,2,3]', contentType: 'application/json' },
  { label: 'a string', payload: '"hello"', contentType: 'application/json' },
  { label: 'null', payload: 'null', contentType: 'application/json' },
  { label: 'an empty body', payload: '', contentType: 'application/json' },
  {
    label: 'a prototype pollution attempt',
    payload: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
    contentType: 'application/json',
  },
  {
    label: 'wrong types everywhere',
    payload: JSON.stringify({
      name: { a: 1 },
      number: 46,
      numericId: [],
      agentIds: 'x',
      settings: 'y',
      keys: 1,
      prompts: {},
    }),
    contentType: 'application/json',
  },
  { label: 'deep nesting', payload: `${'['.repeat(5000)}${']'.repeat(5000)}`, contentType: 'application/json' },
  {
    label: 'a NUL character in text',
    payload: JSON.stringify({ name: 'a\u0000b', text: 'x\u0000', nested: { 'k\u0000': 1 } }),
    contentType: 'application/json',
  },
  { label: 'plain text', payload: 'name=x', contentType: 'text/plain' },
];

function url(route: RegisteredRoute, values: Record<string, string>): string {
  return route.url.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
}

describe('bad input never causes a 500', () => {
  it('bodies: every JSON route answers each malformed body with a 4xx problem', async () => {
    const failures: string[] = [];
    const routes = h.app.vaxelRoutes.filter(
      (r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && r.permission !== 'public' && r.permission !== 'account',
    );
    for (const route of routes) {
      const token = route.permission === 'operator' ? h.operatorToken : o.adminToken;
      for (const body of badBodies) {
        const res = await h.app.inject({
          method: route.method as 'POST',
          url: url(route, { orgId: o.org.id, userId: o.admin.id }),
          headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType },
          payload: body.payload,
        });
        if (res.statusCode >= 500 || res.statusCode < 400)
          failures.push(`${route.method} ${route.url} with ${body.label} → ${res.statusCode}`);
        else if (!String(res.headers['content-type']).includes('application/problem+json'))
          failures.push(`${route.method} ${route.url} with ${body.label}: not a problem`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('ids: junk, very long and percent-encoded ids in paths give 400, 404 or 414 (URI too long)', async () => {
    const failures: string[] = [];
    const junk = ['%00', 'a'.repeat(300), '..%2F..%2Fetc%2Fpasswd', "'; DROP TABLE users; --", '%F0%9F%92%A9'];
    for (const route of h.app.vaxelRoutes.filter((r) => /:(?!orgId)/.test(r.url))) {
      const token = route.permission === 'operator' ? h.operatorToken : o.adminToken;
      for (const id of junk) {
        const path = route.url.replace(/:orgId/, o.org.id).replace(/:[A-Za-z]+/g, id);
        const res = await h.app.inject({
          method: route.method as 'GET',
          url: path,
          headers: { authorization: `Bearer ${token}` },
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        if (![400, 404, 414].includes(res.statusCode))
          failures.push(`${route.method} ${path.slice(0, 120)} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('queries: junk query strings on list routes give 400, not 500', async () => {
    for (const path of [
      '/calls?number=%00',
      '/calls?limit=abc&from=tomorrow',
      '/calls?limit=1&limit=2',
      '/numbers?unassigned=maybe',
      '/recordings?limit=-1',
      '/calls/statistics?from=2026-13-45',
    ]) {
      const res = await o.req('GET', path);
      expect([path, res.statusCode]).toEqual([path, 400]);
    }
  });
});
